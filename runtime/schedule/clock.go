// Package schedule runs a flow on its clocks: it turns a spec.Schedule into an
// ordered stream of fire times (interval and cron clocks, correct across
// daylight-saving changes), and its Loop starts a run per tick under the
// overlap, catch-up and jitter policies, remembers the last tick on disk, and
// stops gracefully. Time comes from a Clock, so tests drive it with a fake
// one (fake_test.go) that moves only when told to.
package schedule

import "time"

// Clock is where the loop reads time and waits. Real time in production, a
// Fake in tests, so fire times, catch-up and grace periods are tested without
// sleeping.
type Clock interface {
	Now() time.Time
	// NewTimer returns a timer that fires once after d (at once if d <= 0).
	NewTimer(d time.Duration) Timer
}

// Timer is a one-shot timer from a Clock.
type Timer interface {
	C() <-chan time.Time
	// Stop prevents the timer from firing; it reports whether it was pending.
	Stop() bool
}

// Real is the wall clock.
var Real Clock = realClock{}

type realClock struct{}

func (realClock) Now() time.Time { return time.Now() }

func (realClock) NewTimer(d time.Duration) Timer { return realTimer{time.NewTimer(d)} }

type realTimer struct{ t *time.Timer }

func (r realTimer) C() <-chan time.Time { return r.t.C }
func (r realTimer) Stop() bool          { return r.t.Stop() }
