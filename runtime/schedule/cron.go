package schedule

import (
	"time"

	"github.com/robfig/cron/v3"
)

// Cron fires when the wall clock in Location matches a cron expression.
//
// Daylight-saving changes follow the rule Vixie cron made familiar, because
// robfig/cron on its own skips a time that does not exist and fires twice at
// a time that happens twice:
//
//   - A schedule pinned to certain hours (e.g. "30 2 * * *") keeps to the wall
//     clock. When the clocks spring forward over its time, it fires once at
//     the first instant after the gap (02:30 becomes 03:00), so a daily job is
//     not lost; when the clocks fall back, a repeated time fires once, at its
//     first occurrence.
//   - A schedule that fires every hour (hour field "*", e.g. "0 * * * *",
//     "*/15 * * * *", @hourly) keeps to elapsed time: times inside a skipped
//     hour do not exist and are not fired, and the repeated hour fires again,
//     so the runs stay evenly spaced in real time.
//
// Start and End, when set, bound the fires.
type Cron struct {
	Spec     *cron.SpecSchedule // its Location is ignored; fields are read as wall time
	Location *time.Location
	Start    time.Time
	End      time.Time
}

// maxZoneShift bounds how far apart the instants of one wall-clock time can
// be (real offsets change by at most two hours).
const maxZoneShift = 3 * time.Hour

// Next returns the first fire strictly after t.
func (c Cron) Next(t time.Time) (time.Time, bool) {
	if !c.Start.IsZero() && t.Before(c.Start) {
		t = c.Start.Add(-time.Nanosecond)
	}
	next, ok := c.next(t)
	if !ok || !c.End.IsZero() && next.After(c.End) {
		return time.Time{}, false
	}
	return next, true
}

// next scans matching wall times from a little before t's wall time (a fire
// can map to an instant up to maxZoneShift away) and keeps the earliest
// instant after t; it stops once later wall times cannot beat it.
func (c Cron) next(t time.Time) (time.Time, bool) {
	wall := floating(t.In(c.Location)).Add(-maxZoneShift)
	var best time.Time
	for {
		wall = c.Spec.Next(wall)
		if wall.IsZero() {
			return best, !best.IsZero()
		}
		if !best.IsZero() && wall.Sub(floating(best.In(c.Location))) > maxZoneShift {
			return best, true
		}
		for _, at := range c.instants(wall) {
			if at.After(t) && (best.IsZero() || at.Before(best)) {
				best = at
			}
		}
	}
}

// instants maps a matching wall time to the instants it fires at, applying
// the daylight-saving rule in the type's doc comment.
func (c Cron) instants(wall time.Time) []time.Time {
	all := resolve(wall, c.Location)
	hourly := c.Spec.Hour&(1<<24-1) == 1<<24-1
	switch {
	case len(all) == 0 && hourly:
		return nil
	case len(all) == 0:
		return []time.Time{gapEnd(wall, c.Location)}
	case len(all) > 1 && !hourly:
		return all[:1]
	}
	return all
}

// floating reads t's wall-clock fields as a UTC time, so cron matching and
// arithmetic on wall times ignore the zone.
func floating(t time.Time) time.Time {
	return time.Date(t.Year(), t.Month(), t.Day(), t.Hour(), t.Minute(), t.Second(), t.Nanosecond(), time.UTC)
}

// resolve returns every instant (in order) whose wall time in loc is wall:
// none inside a spring-forward gap, two inside a fall-back overlap.
func resolve(wall time.Time, loc *time.Location) []time.Time {
	var out []time.Time
	seen := map[int]bool{}
	for _, probe := range []time.Duration{-24 * time.Hour, 0, 24 * time.Hour} {
		_, off := wall.Add(probe).In(loc).Zone()
		if seen[off] {
			continue
		}
		seen[off] = true
		at := wall.Add(-time.Duration(off) * time.Second).In(loc)
		if floating(at).Equal(wall) {
			out = append(out, at)
		}
	}
	if len(out) == 2 && out[1].Before(out[0]) {
		out[0], out[1] = out[1], out[0]
	}
	return out
}

// gapEnd returns the instant the clocks jumped forward over wall: read wall
// with the offset in force before the jump, and take the start of the zone
// period that instant falls in.
func gapEnd(wall time.Time, loc *time.Location) time.Time {
	_, before := wall.Add(-24 * time.Hour).In(loc).Zone()
	at := wall.Add(-time.Duration(before) * time.Second).In(loc)
	start, _ := at.ZoneBounds()
	return start
}
