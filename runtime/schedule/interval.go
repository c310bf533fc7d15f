package schedule

import "time"

// Source produces one clock's fire times.
type Source interface {
	// Next returns the first fire time strictly after t, or false when the
	// clock has no more fires.
	Next(t time.Time) (time.Time, bool)
}

// Interval fires at Start, Start+Every, Start+2*Every... up to End. The steps
// are elapsed time, so a daylight-saving change does not move them: use a cron
// clock for "every day at 09:00 local time".
type Interval struct {
	Start time.Time
	Every time.Duration
	End   time.Time // zero means no end
}

// Next returns the first fire strictly after t.
func (iv Interval) Next(t time.Time) (time.Time, bool) {
	next := iv.Start
	if !t.Before(iv.Start) {
		steps := t.Sub(iv.Start)/iv.Every + 1
		next = iv.Start.Add(steps * iv.Every)
	}
	if !iv.End.IsZero() && next.After(iv.End) {
		return time.Time{}, false
	}
	return next, true
}
