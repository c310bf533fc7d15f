package spec

import (
	"strings"

	"go.yaml.in/yaml/v3"
)

// scheduleHint shows every form `schedule:` accepts; it ends errors about the
// block's shape so the fix is on screen.
const scheduleHint = "write schedule: {every: 1m}, {cron: \"0 * * * *\", timezone: Europe/Berlin}, a list of such clocks, or {clocks: [...], overlap: skip, catchup: none}"

// DecodeSchedule reads a `schedule:` node in any of its three forms: one clock
// mapping ({every: 1m} or {cron: "0 * * * *", timezone: Europe/Berlin}, with
// the policies allowed beside it), a list of clocks, or a mapping with
// `clocks:` and the policies (overlap, catchup, catchup_window, jitter). Every
// bad field is reported at its own line and column with the fix; the returned
// Schedule holds what could be read and is meant for use only when the
// Diagnostics hold no errors.
func DecodeSchedule(file string, n *yaml.Node) (*Schedule, Diagnostics) {
	d := &decoder{file: file}
	s := &Schedule{Range: RangeOf(file, n)}
	switch {
	case n == nil || n.Kind == yaml.ScalarNode && n.Tag == "!!null":
		d.errorf(n, scheduleHint, "schedule is empty")
	case n.Kind == yaml.SequenceNode:
		s.Clocks = d.clocks(n)
	case n.Kind == yaml.MappingNode && field(n, "clocks") != nil:
		d.schedulePolicies(n, s, true)
		s.Clocks = d.clocks(field(n, "clocks"))
	case n.Kind == yaml.MappingNode:
		d.schedulePolicies(n, s, false) // the clock reports unknown keys
		if c, ok := d.clock(n, true); ok {
			s.Clocks = []Clock{c}
		}
	default:
		d.errorf(n, scheduleHint, "schedule must be a mapping or a list of clocks, not %s", kindName(n))
	}
	d.checkJitter(s)
	return s, d.ds
}

// checkJitter rejects a jitter as long as an interval clock's period: the
// delayed run would fall past the next tick and be taken for a missed one.
func (d *decoder) checkJitter(s *Schedule) {
	if s.Jitter == nil {
		return
	}
	for _, c := range s.Clocks {
		if c.Every != nil && s.Jitter.Duration >= c.Every.Duration {
			d.ds.Errorf(s.Jitter.Range, "make jitter shorter than every: "+ShortDuration(c.Every.Duration),
				"jitter %s is not shorter than the interval of clock %s", ShortDuration(s.Jitter.Duration), quoted(c.Label()))
			return
		}
	}
}

// errorf reports an error at node n.
func (d *decoder) errorf(n *yaml.Node, hint, format string, args ...any) {
	d.ds.Errorf(RangeOf(d.file, n), hint, format, args...)
}

// schedulePolicies reads the policy fields of m into s (policiesDef); with
// strict it also reports any key that is neither a policy nor clocks:.
func (d *decoder) schedulePolicies(m *yaml.Node, s *Schedule, strict bool) {
	for _, p := range pairs(m) {
		if f, _ := policiesDef.child(p.Key.Value); f != nil {
			f.decode(d, p.Value, s)
		} else if strict && p.Key.Value != "clocks" {
			d.unknownKey(p.Key, "schedule", schedulePolicyDef.names())
		}
	}
}

// policy reads one of a fixed set of words; "" is never returned for a
// present node, so a bad value cannot silently become the default.
func (d *decoder) policy(n *yaml.Node, field string, choices ...string) string {
	if n.Kind == yaml.ScalarNode && contains(choices, n.Value) {
		return n.Value
	}
	hint := "one of " + strings.Join(choices, ", ")
	if n.Kind != yaml.ScalarNode {
		d.errorf(n, hint, "%s must be a word, not %s", field, kindName(n))
		return ""
	}
	if s := didYouMean(n.Value, choices); s != "" {
		hint = didYouMeanHint(s) + " " + field + " is " + hint
	}
	d.errorf(n, hint, "unknown %s policy %s", field, quoted(n.Value))
	return n.Value
}

// clockDuration reads a schedule's duration, reporting a node of the wrong
// kind too: no schema checks the schedule block before it.
func (d *decoder) clockDuration(n *yaml.Node) *Duration {
	v, diag := ParseDuration(d.file, n)
	if diag != nil {
		d.ds = append(d.ds, *diag)
		return nil
	}
	return &v
}

// positiveDuration reads a duration that must be more than zero.
func (d *decoder) positiveDuration(n *yaml.Node, field string) *Duration {
	v := d.clockDuration(n)
	if v != nil && v.Duration <= 0 {
		d.errorf(n, "write a positive duration such as 30s, 5m or 1h", "%s must be more than 0", field)
		return nil
	}
	return v
}

// interval reads a clock's every:, which must be at least MinEvery.
func (d *decoder) interval(n *yaml.Node) *Duration {
	v := d.clockDuration(n)
	if v != nil && v.Duration < MinEvery {
		d.errorf(n, "write every: 1s or longer; for work that must repeat faster, loop inside one run",
			"every: %s is shorter than the minimum of 1s: each tick compiles the flow and starts a run, and a faster clock would start them back to back and starve the loop that notices a stop signal", n.Value)
		return nil
	}
	return v
}

// unknownKey reports a key that is not allowed, suggesting the closest one.
func (d *decoder) unknownKey(k *yaml.Node, where string, allowed []string) {
	d.errorf(k, suggestHint(k.Value, allowed, "allowed: "+strings.Join(allowed, ", ")), "unknown field %s in %s", quoted(k.Value), where)
}
