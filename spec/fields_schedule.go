package spec

import "go.yaml.in/yaml/v3"

// scheduleDef is the schedule: block in its three forms. The schema's
// schedule section serves editors; DecodeSchedule reads the block with the
// same field declarations and words its errors itself.
var scheduleDef = Definition("schedule", "Schedule",
	"When flowspec run runs the flow (until stopped): one clock (policies allowed beside it), a list of clocks, or {clocks: [...], overlap, catchup, catchup_window, jitter}.").
	Either(
		inlineClockDef,
		newField("", "", "", KindList).Sized(1, 0, "").ListOf(clockDef),
		schedulePolicyDef,
	)

// schedulePolicyDef is the {clocks: [...], policies...} form.
var schedulePolicyDef = Definition("schedulePolicy", "Schedule with policies", "Clocks plus what to do with overlapping and missed runs.", KindMapping).
	Strict().With(
	newField("clocks", "Clocks", "The clocks whose ticks start runs.", KindList).Need("").Sized(1, 0, "").ListOf(clockDef),
).Share(policiesDef, nil)

// policiesDef are the schedule-wide settings, allowed beside clocks: or
// beside a single inline clock.
var policiesDef = Definition("policies", "Schedule policies", "What to do with overlapping and missed runs.", KindMapping).With(
	policy(Text("overlap", "Overlap", "What happens when a tick comes while a run is still going: skip (default), queue or allow.").
		OneOf(OverlapSkip, OverlapQueue, OverlapAllow).WithDefault(OverlapSkip),
		func(s *Schedule) *string { return &s.Overlap }),
	policy(Text("catchup", "Catch-up", "What to do with ticks missed while flowspec was not running: none (default), last or all.").
		OneOf(CatchupNone, CatchupLast, CatchupAll).WithDefault(CatchupNone),
		func(s *Schedule) *string { return &s.Catchup }),
	Of("catchup_window", "Catch-up window", "How far back missed ticks are considered.", durationDef).
		Decodes(into(func(s *Schedule) **Duration { return &s.CatchupWindow },
			always(func(d *decoder, n *yaml.Node) *Duration { return d.positiveDuration(n, "catchup_window") }))),
	Of("jitter", "Jitter", "A random delay up to this long added to each tick, to spread load.", durationDef).
		Decodes(into(func(s *Schedule) **Duration { return &s.Jitter }, always((*decoder).clockDuration))),
)

// clockDef is one clock in a list of clocks.
var clockDef = Definition("clock", "Clock",
	"An interval clock (every:, start:, end:) or a cron clock (cron:, timezone:), with optional name: and params:.", KindMapping).
	Strict().NeedOneOf("every", "cron").Share(clockFieldsDef, nil)

// inlineClockDef is one clock as the whole schedule, policies beside it.
var inlineClockDef = Definition("inlineClock", "Single clock",
	"One clock as the whole schedule; the schedule policies may sit beside it.", KindMapping).
	Strict().NeedOneOf("every", "cron").Share(clockFieldsDef, nil).Share(policiesDef, nil)

// clockFieldsDef declares the fields of a clock. They decode into a
// clockDraft: the interval, cron and time nodes are read once the clock's
// time zone is known.
var clockFieldsDef = Definition("clockFields", "Clock fields", "The fields a clock may have.", KindMapping).With(
	Text("name", "Name", "A label for the clock, shown in the log of flowspec run.").
		Decodes(func(d *decoder, n *yaml.Node, c any) { c.(*clockDraft).Name = d.clockText(n, "name") }),
	Of("every", "Every", "An interval clock's period: 30s, 5m, 1h, 1d or a number of seconds; at least 1s.", durationDef).
		AtLeast(MinEvery.Seconds()).
		Decodes(func(_ *decoder, n *yaml.Node, c any) { c.(*clockDraft).every = n }),
	Text("cron", "Cron", "minute hour day-of-month month day-of-week, e.g. \"0 6 * * 1-5\", or @hourly, @daily, @weekly, @monthly, @yearly.").
		Decodes(func(d *decoder, n *yaml.Node, c any) {
			c.(*clockDraft).cron, c.(*clockDraft).Cron = n, d.clockText(n, "cron")
		}),
	Text("timezone", "Time zone", "IANA zone the clock's times are read in, e.g. Europe/Berlin; default local time.").WithDefault("local time").
		Decodes(func(d *decoder, n *yaml.Node, c any) { c.(*clockDraft).Timezone = d.clockText(n, "timezone") }),
	Text("start", "Start", "An interval clock's first fire time: 2026-03-01T09:00:00Z, with an offset, or \"2026-03-01 09:00\" in the clock's timezone.").
		Decodes(func(_ *decoder, n *yaml.Node, c any) { c.(*clockDraft).start = n }),
	Text("end", "End", "No fires after this time (same forms as start).").
		Decodes(func(_ *decoder, n *yaml.Node, c any) { c.(*clockDraft).end = n }),
	Mapping("params", "Parameters", "Parameter values for the runs this clock starts, e.g. {n: 10}.").
		Decodes(func(d *decoder, n *yaml.Node, c any) { c.(*clockDraft).Params = d.clockParams(n) }),
)

// clockDraft is a clock being read: the nodes that need the clock's time
// zone, or each other, wait here until every field is seen.
type clockDraft struct {
	Clock
	every, cron, start, end *yaml.Node
}

// policy makes f, one of a fixed set of words, decode into the schedule.
// A bad word is reported with the choices and kept, so it never silently
// becomes the default.
func policy(f *Field, get func(*Schedule) *string) *Field {
	f.decode = func(d *decoder, n *yaml.Node, s any) {
		*get(s.(*Schedule)) = d.policy(n, f.Name, f.Enum...)
	}
	return f
}
