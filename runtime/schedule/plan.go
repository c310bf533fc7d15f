package schedule

import (
	"fmt"
	"time"

	"github.com/flowspec/flowspec/spec"
)

// Tick is one due run: when it was scheduled, by which clock, and with which
// parameter values.
type Tick struct {
	// Scheduled is the nominal fire time, in the clock's zone (jitter and
	// waiting in a queue do not change it); flows read it as flow.scheduled.
	Scheduled time.Time
	Clock     int    // index into the schedule's clocks
	Label     string // the clock's name or definition, for logs
	// Params are the clock's parameter values, unevaluated; the run compiles
	// the flow with them as if they were given on the command line.
	Params []spec.Arg
	// Catchup marks a tick that was missed (the process was down or asleep)
	// and is run late under the catchup policy.
	Catchup bool
	// RunID names the run in logs and the state file: the scheduled time in
	// UTC (with its fraction of a second when it has one, so sub-second
	// intervals do not share ids), the clock's number when the schedule has
	// several, and -r<attempt> for the re-run of an interrupted run.
	RunID string
	// Attempt is 0 for a tick's first run and 2 and up for re-runs of an
	// interrupted one.
	Attempt int
}

// runIDTime is how run ids spell a time: sortable, UTC, whole seconds
// without a fraction.
const runIDTime = "20060102T150405.999999999Z"

// Cursor is a position in a plan's tick stream: ticks at the same instant are
// ordered by clock index.
type Cursor struct {
	Time  time.Time
	Clock int
}

// less reports whether c comes before d in the stream.
func (c Cursor) less(d Cursor) bool {
	return c.Time.Before(d.Time) || c.Time.Equal(d.Time) && c.Clock < d.Clock
}

// at is the position of tick t.
func at(t Tick) Cursor { return Cursor{t.Scheduled, t.Clock} }

// prev is the last position before c, so (x, prev(c)] excludes c.
func prev(c Cursor) Cursor {
	if c.Clock > 0 {
		return Cursor{c.Time, c.Clock - 1}
	}
	return Cursor{c.Time.Add(-time.Nanosecond), 1 << 30}
}

// Plan is a schedule made executable: one Source per clock, merged into one
// ordered stream of Ticks.
type Plan struct {
	clocks []planClock
}

type planClock struct {
	src   Source
	loc   *time.Location
	clock spec.Clock
}

// NewPlan builds the sources of s. anchor is where an interval clock without
// `start:` begins: now for a fresh start (the first run is immediate, not one
// interval late), or the last tick from the state file so a restart keeps the
// phase.
func NewPlan(s *spec.Schedule, anchor time.Time) (*Plan, error) {
	p := &Plan{}
	for i, c := range s.Clocks {
		src, loc, err := newSource(c, anchor)
		if err != nil {
			return nil, fmt.Errorf("%s: clock %d: %w", c.Range, i+1, err)
		}
		p.clocks = append(p.clocks, planClock{src: src, loc: loc, clock: c})
	}
	if len(p.clocks) == 0 {
		return nil, fmt.Errorf("%s: the schedule has no clocks", s.Range)
	}
	return p, nil
}

// newSource builds one clock's Source and the zone its times are shown in.
func newSource(c spec.Clock, anchor time.Time) (Source, *time.Location, error) {
	loc, err := spec.LoadZone(c.Timezone)
	if err != nil {
		return nil, nil, err
	}
	var start, end time.Time
	if c.Start != nil {
		start = *c.Start
	}
	if c.End != nil {
		end = *c.End
	}
	if c.Every != nil {
		if c.Every.Duration <= 0 {
			return nil, nil, fmt.Errorf("every must be more than 0")
		}
		if start.IsZero() {
			start = anchor
		}
		return Interval{Start: start, Every: c.Every.Duration, End: end}, loc, nil
	}
	sched, err := spec.ParseCron(c.Cron)
	if err != nil {
		return nil, nil, err
	}
	return Cron{Spec: sched, Location: loc, Start: start, End: end}, loc, nil
}

// Next returns the first tick after cursor c, or false when every clock has
// run out of fires.
func (p *Plan) Next(c Cursor) (Tick, bool) {
	var best Tick
	found := false
	for i, pc := range p.clocks {
		after := c.Time
		if i > c.Clock {
			after = after.Add(-time.Nanosecond) // a fire at c.Time itself still counts
		}
		at, ok := pc.src.Next(after)
		if !ok {
			continue
		}
		if !found || at.Before(best.Scheduled) {
			best, found = p.tick(i, at), true
		}
	}
	return best, found
}

// tick builds the Tick clock i fires at at.
func (p *Plan) tick(i int, at time.Time) Tick {
	pc := p.clocks[i]
	id := at.UTC().Format(runIDTime)
	if len(p.clocks) > 1 {
		id += fmt.Sprintf("-c%d", i+1)
	}
	return Tick{Scheduled: at.In(pc.loc), Clock: i, Label: pc.clock.Label(), Params: pc.clock.Params, RunID: id}
}

// Upcoming returns the next n ticks from c on (ticks at c.Time included when
// c.Clock is -1), for `flowspec schedule --next`.
func (p *Plan) Upcoming(c Cursor, n int) []Tick {
	var out []Tick
	for len(out) < n {
		t, ok := p.Next(c)
		if !ok {
			break
		}
		out = append(out, t)
		c = at(t)
	}
	return out
}

// Between returns the ticks after c and at or before to, oldest first. When
// there are more than limit, it returns the latest limit and how many earlier
// ones it left out (counted up to a cap), so catching up after long downtime
// costs time proportional to limit, not to the downtime.
func (p *Plan) Between(c Cursor, to time.Time, limit int) (ticks []Tick, left int) {
	return p.between(c, Cursor{to, len(p.clocks)}, limit)
}

// maxCount caps counting of ticks that are only reported, never run.
const maxCount = 100000

// between is Between with an exact end position.
func (p *Plan) between(c, to Cursor, limit int) (ticks []Tick, left int) {
	span := time.Minute
	for {
		from := c
		clipped := false
		if lo := to.Time.Add(-span); lo.After(c.Time) {
			from, clipped = Cursor{lo, len(p.clocks)}, true
		}
		ticks, left = p.collect(from, to, limit)
		if !clipped || len(ticks) == limit {
			if clipped {
				left += p.count(c, from, maxCount)
			}
			return ticks, left
		}
		span *= 4
	}
}

// collect walks ticks in (from, to] keeping the last limit of them.
func (p *Plan) collect(from, to Cursor, limit int) ([]Tick, int) {
	var ticks []Tick
	left := 0
	for {
		t, ok := p.Next(from)
		if !ok || to.less(at(t)) {
			return ticks, left
		}
		if len(ticks) == limit {
			ticks = append(ticks[1:], t)
			left++
		} else {
			ticks = append(ticks, t)
		}
		from = at(t)
	}
}

// count counts ticks in (c, to], stopping at max.
func (p *Plan) count(c, to Cursor, max int) int {
	n := 0
	for n < max {
		t, ok := p.Next(c)
		if !ok || to.less(at(t)) {
			break
		}
		n++
		c = at(t)
	}
	return n
}
