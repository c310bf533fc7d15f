package spec

import (
	"strings"

	"go.yaml.in/yaml/v3"
)

// scheduleHint shows every form `schedule:` accepts; it ends errors about the
// block's shape so the fix is on screen.
const scheduleHint = "write schedule: {every: 1m}, {cron: \"0 * * * *\", timezone: Europe/Berlin}, a list of such clocks, or {clocks: [...], overlap: skip, catchup: none}"

// schedPolicyKeys are the schedule-wide settings, allowed beside `clocks:` or
// beside a single inline clock.
var schedPolicyKeys = []string{"overlap", "catchup", "catchup_window", "jitter"}

// schedClockKeys are the fields of one clock.
var schedClockKeys = []string{"name", "every", "cron", "timezone", "start", "end", "params"}

// DecodeSchedule reads a `schedule:` node in any of its three forms: one clock
// mapping ({every: 1m} or {cron: "0 * * * *", timezone: Europe/Berlin}, with
// the policies allowed beside it), a list of clocks, or a mapping with
// `clocks:` and the policies (overlap, catchup, catchup_window, jitter). Every
// bad field is reported at its own line and column with the fix; the returned
// Schedule holds what could be read and is meant for use only when the
// Diagnostics hold no errors.
func DecodeSchedule(file string, n *yaml.Node) (*Schedule, Diagnostics) {
	d := &scheduleDecoder{file: file}
	s := &Schedule{Range: RangeOf(file, n)}
	switch {
	case n == nil || n.Kind == yaml.ScalarNode && n.Tag == "!!null":
		d.errorf(n, scheduleHint, "schedule is empty")
	case n.Kind == yaml.SequenceNode:
		s.Clocks = d.clocks(n)
	case n.Kind == yaml.MappingNode && schedMapHas(n, "clocks"):
		d.schedulePolicies(n, s, true)
		s.Clocks = d.clocks(schedMapValue(n, "clocks"))
	case n.Kind == yaml.MappingNode:
		d.schedulePolicies(n, s, false) // the clock reports unknown keys
		if c, ok := d.clock(n, true); ok {
			s.Clocks = []Clock{c}
		}
	default:
		d.errorf(n, scheduleHint, "schedule must be a mapping or a list of clocks, not %s", schedKindName(n))
	}
	d.checkJitter(s)
	return s, d.diags
}

// checkJitter rejects a jitter as long as an interval clock's period: the
// delayed run would fall past the next tick and be taken for a missed one.
func (d *scheduleDecoder) checkJitter(s *Schedule) {
	if s.Jitter == nil {
		return
	}
	for _, c := range s.Clocks {
		if c.Every != nil && s.Jitter.Duration >= c.Every.Duration {
			d.diags.Errorf(s.Jitter.Range, "make jitter shorter than every: "+shortDuration(c.Every.Duration),
				"jitter %s is not shorter than the interval of clock %s", shortDuration(s.Jitter.Duration), schedQuote(c.Label()))
			return
		}
	}
}

// scheduleDecoder collects diagnostics while a schedule is read.
type scheduleDecoder struct {
	file  string
	diags Diagnostics
}

func (d *scheduleDecoder) errorf(n *yaml.Node, hint, format string, args ...any) {
	d.diags.Errorf(RangeOf(d.file, n), hint, format, args...)
}

// schedulePolicies reads the policy keys of m into s; with strict it also
// reports any key that is neither a policy nor `clocks`.
func (d *scheduleDecoder) schedulePolicies(m *yaml.Node, s *Schedule, strict bool) {
	allowed := append([]string{"clocks"}, schedPolicyKeys...)
	for i := 0; i+1 < len(m.Content); i += 2 {
		k, v := m.Content[i], m.Content[i+1]
		switch k.Value {
		case "overlap":
			s.Overlap = d.policy(v, "overlap", OverlapSkip, OverlapQueue, OverlapAllow)
		case "catchup":
			s.Catchup = d.policy(v, "catchup", CatchupNone, CatchupLast, CatchupAll)
		case "catchup_window":
			s.CatchupWindow = d.positiveDuration(v, "catchup_window")
		case "jitter":
			s.Jitter = d.duration(v)
		default:
			if strict && !schedInList(allowed, k.Value) {
				d.unknownKey(k, "schedule", allowed)
			}
		}
	}
}

// policy reads one of a fixed set of words; "" is never returned for a
// present node, so a bad value cannot silently become the default.
func (d *scheduleDecoder) policy(n *yaml.Node, field string, choices ...string) string {
	if n.Kind == yaml.ScalarNode && schedInList(choices, n.Value) {
		return n.Value
	}
	if n.Kind != yaml.ScalarNode {
		d.errorf(n, "one of "+strings.Join(choices, ", "), "%s must be a word, not %s", field, schedKindName(n))
		return ""
	}
	hint := "one of " + strings.Join(choices, ", ")
	if s := schedSuggest(n.Value, choices); s != "" {
		hint = "did you mean " + schedQuote(s) + "? " + field + " is " + hint
	}
	d.errorf(n, hint, "unknown %s policy %s", field, schedQuote(n.Value))
	return n.Value
}

// duration reads a duration node, reporting a malformed one.
func (d *scheduleDecoder) duration(n *yaml.Node) *Duration {
	v, diag := ParseDuration(d.file, n)
	if diag != nil {
		d.diags = append(d.diags, *diag)
		return nil
	}
	return &v
}

// positiveDuration reads a duration that must be more than zero.
func (d *scheduleDecoder) positiveDuration(n *yaml.Node, field string) *Duration {
	v := d.duration(n)
	if v != nil && v.Duration <= 0 {
		d.errorf(n, "write a positive duration such as 30s, 5m or 1h", "%s must be more than 0", field)
		return nil
	}
	return v
}

// unknownKey reports a key that is not allowed, suggesting the closest one.
func (d *scheduleDecoder) unknownKey(k *yaml.Node, where string, allowed []string) {
	hint := "allowed: " + strings.Join(allowed, ", ")
	if s := schedSuggest(k.Value, allowed); s != "" {
		hint = "did you mean " + schedQuote(s) + "?"
	}
	d.errorf(k, hint, "unknown field %s in %s", schedQuote(k.Value), where)
}

// schedMapHas reports whether mapping m has key.
func schedMapHas(m *yaml.Node, key string) bool { return schedMapValue(m, key) != nil }

// schedMapValue returns the value of key in mapping m, or nil.
func schedMapValue(m *yaml.Node, key string) *yaml.Node {
	for i := 0; i+1 < len(m.Content); i += 2 {
		if m.Content[i].Value == key {
			return m.Content[i+1]
		}
	}
	return nil
}

// schedKindName says what a node is, for "expected X, got Y" messages.
func schedKindName(n *yaml.Node) string {
	switch n.Kind {
	case yaml.SequenceNode:
		return "a list"
	case yaml.MappingNode:
		return "a mapping"
	case yaml.AliasNode:
		return "an alias"
	}
	switch n.Tag {
	case "!!null":
		return "null"
	case "!!int", "!!float":
		return "a number"
	case "!!bool":
		return "a boolean"
	}
	return "a string"
}

func schedInList(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

func schedQuote(s string) string { return "\"" + s + "\"" }
