package spec

import (
	"strings"
	"time"

	"go.yaml.in/yaml/v3"
)

// cronHint explains the cron dialect with examples; it follows every cron error.
const cronHint = "cron has 5 fields: minute hour day-of-month month day-of-week, " +
	"e.g. \"0 * * * *\" (hourly), \"*/15 9-17 * * mon-fri\", \"30 2 1 * *\"; " +
	"or @hourly, @daily, @weekly, @monthly, @yearly"

// clocks reads a list of clocks.
func (d *decoder) clocks(n *yaml.Node) []Clock {
	if n.Kind != yaml.SequenceNode {
		d.errorf(n, scheduleHint, "clocks must be a list of clocks, not %s", kindName(n))
		return nil
	}
	if len(n.Content) == 0 {
		d.errorf(n, scheduleHint, "clocks is empty: a schedule needs at least one clock")
	}
	var out []Clock
	for _, item := range n.Content {
		if c, ok := d.clock(item, false); ok {
			out = append(out, c)
		}
	}
	return out
}

// clock reads one clock mapping. inline says the mapping is the whole
// schedule, so the policy keys beside the clock belong to the schedule. ok is
// false when the node is not a clock at all; a clock with bad fields is still
// returned, with errors recorded.
func (d *decoder) clock(n *yaml.Node, inline bool) (Clock, bool) {
	c := &clockDraft{Clock: Clock{Range: RangeOf(d.file, n)}}
	if n.Kind != yaml.MappingNode {
		d.errorf(n, scheduleHint, "a clock must be a mapping, not %s", kindName(n))
		return c.Clock, false
	}
	unknown := false
	for _, p := range pairs(n) {
		k := p.Key
		if f, _ := clockFieldsDef.child(k.Value); f != nil {
			f.decode(d, p.Value, c)
			continue
		}
		switch pol, _ := policiesDef.child(k.Value); {
		case pol == nil:
			unknown = true
			allowed := clockDef.names()
			if inline {
				allowed = inlineClockDef.names()
			}
			d.unknownKey(k, "clock", allowed)
		case !inline:
			d.errorf(k, "write schedule: {clocks: [...], "+k.Value+": ...}", "%s applies to the whole schedule, not to one clock", k.Value)
		}
	}
	d.clockKind(n, &c.Clock, c.every, c.cron, unknown)
	loc := d.zone(n, c.Timezone)
	c.Start = d.time(c.start, loc, "start")
	c.End = d.time(c.end, loc, "end")
	if c.Start != nil && c.End != nil && !c.End.After(*c.Start) {
		d.errorf(c.end, "end must come after start ("+c.Start.Format(time.RFC3339)+")", "end is not after start")
	}
	return c.Clock, true
}

// clockKind checks that a clock is exactly one of interval or cron and reads
// the chosen one. A clock with a misspelt key is not also told it lacks a
// kind: the typo is the one thing to fix.
func (d *decoder) clockKind(n *yaml.Node, c *Clock, every, cronNode *yaml.Node, typo bool) {
	switch {
	case every != nil && cronNode != nil:
		d.errorf(cronNode, "split them into two clocks under clocks:", "a clock has either every: or cron:, not both")
	case every != nil:
		c.Every = d.interval(every)
	case cronNode != nil:
		d.cron(cronNode, c.Cron)
	case !typo:
		d.errorf(n, "add every: 1m (an interval) or cron: \"0 * * * *\"", "a clock needs every: or cron:")
	}
}

// cron checks a cron expression with the same parser the scheduler uses, and
// that it fires at all (e.g. "0 0 30 2 *" never does).
func (d *decoder) cron(n *yaml.Node, expr string) {
	if n.Kind != yaml.ScalarNode {
		return // clockText reported it
	}
	sched, err := ParseCron(expr)
	if err != nil {
		hint := cronHint
		switch {
		case strings.Contains(expr, "TZ="):
			hint = "move the zone to the clock's timezone: field"
		case strings.HasPrefix(strings.TrimSpace(expr), "@every"):
			hint = "write every: " + strings.TrimSpace(strings.TrimPrefix(strings.TrimSpace(expr), "@every")) + " instead of cron:"
		case len(strings.Fields(expr)) == 6:
			hint = "seconds are not a field here; for sub-minute schedules write every: 10s. " + cronHint
		}
		d.errorf(n, hint, "bad cron expression %s: %v", quoted(expr), err)
		return
	}
	if sched.Next(time.Now().UTC()).IsZero() {
		d.errorf(n, cronHint, "cron expression %s never fires (no matching date in the next five years)", quoted(expr))
	}
}

// zone resolves a clock's time zone, reporting an unknown name with the
// closest IANA names. The clock node is used when there is no timezone key.
func (d *decoder) zone(clock *yaml.Node, name string) *time.Location {
	loc, err := LoadZone(name)
	if err == nil {
		return loc
	}
	n := field(clock, "timezone")
	hint := "use an IANA name such as Europe/Berlin, America/New_York or UTC"
	if s := suggestZones(name); len(s) > 0 {
		hint = "did you mean " + strings.Join(s, ", ") + "?"
	}
	d.errorf(n, hint, "unknown time zone %s", quoted(name))
	return time.Local
}

// time reads a start or end time; nil when absent or malformed.
func (d *decoder) time(n *yaml.Node, loc *time.Location, field string) *time.Time {
	if n == nil {
		return nil
	}
	if n.Kind != yaml.ScalarNode {
		d.errorf(n, "write e.g. 2026-03-01T09:00:00Z or \"2026-03-01 09:00\"", "%s must be a time, not %s", field, kindName(n))
		return nil
	}
	t, err := ParseTime(n.Value, loc)
	if err != nil {
		d.errorf(n, "write e.g. 2026-03-01T09:00:00Z, 2026-03-01T09:00:00+01:00 or \"2026-03-01 09:00\" (read in the clock's timezone)", "%s: %v", field, err)
		return nil
	}
	return &t
}

// clockText reads a string-valued field of a clock.
func (d *decoder) clockText(n *yaml.Node, field string) string {
	if n.Kind != yaml.ScalarNode || n.Tag == "!!null" {
		d.errorf(n, "", "%s must be a string, not %s", field, kindName(n))
		return ""
	}
	return n.Value
}

// clockParams reads a clock's parameter values as unevaluated arguments; the
// compiler checks them against the flow's params like command-line values.
func (d *decoder) clockParams(n *yaml.Node) []Arg {
	if n.Kind != yaml.MappingNode {
		d.errorf(n, "write params: {n: 10}", "params must be a mapping of parameter names to values, not %s", kindName(n))
		return nil
	}
	args := make([]Arg, 0, len(n.Content)/2)
	for i := 0; i+1 < len(n.Content); i += 2 {
		k, v := n.Content[i], n.Content[i+1]
		args = append(args, Arg{Name: k.Value, NameRange: RangeOf(d.file, k), Value: ValueOf(d.file, v)})
	}
	return args
}
