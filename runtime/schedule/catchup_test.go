package schedule

import (
	"strings"
	"testing"
	"time"

	"github.com/flowspec/flowspec/spec"
)

// at12 is 12:mm:ss on the test day, UTC.
func at12(min, sec int) time.Time { return time.Date(2026, 6, 1, 12, min, sec, 0, time.UTC) }

// downtime returns a harness whose state file says the last tick was at
// 12:00 and whose clock reads 12:10:30: ten ticks of a 1m schedule (12:01
// to 12:10) were missed while the process was down.
func downtime(t *testing.T, catchup string, window time.Duration) *harness {
	sched := every(time.Minute) // no start: the phase comes from the state file
	sched.Catchup = catchup
	if window > 0 {
		sched.CatchupWindow = &spec.Duration{Duration: window}
	}
	h := newHarness(t, at12(10, 30), sched)
	if err := h.loop.State.Save(State{Flow: "demo", LastTick: &TickMark{Scheduled: at12(0, 0)}}); err != nil {
		t.Fatal(err)
	}
	return h
}

func TestCatchupNone(t *testing.T) {
	h := downtime(t, "", 0) // none is the default
	h.serve()
	e := h.expect(EventCatchup, time.Time{})
	if want := "10 missed ticks while not running (catchup: none); in the window from 2026-06-01T12:01:00Z; skipping them"; e.Message != want {
		t.Errorf("message %q\nwant    %q", e.Message, want)
	}
	h.quiet(1)
	h.advance(1, 30*time.Second) // the phase of the last run is kept: 12:11:00
	h.expectRun(at12(11, 0))
	if out := h.stop(); out.Skipped != 10 || out.Runs != 1 {
		t.Errorf("outcome %+v", out)
	}
}

func TestCatchupLast(t *testing.T) {
	h := downtime(t, spec.CatchupLast, 0)
	h.serve()
	h.expect(EventCatchup, time.Time{})
	if e := h.expect(EventStart, at12(10, 0)); !e.Catchup {
		t.Error("the catch-up run is not marked as such")
	}
	h.expect(EventEnd, at12(10, 0))
	h.advance(1, 30*time.Second)
	h.expectRun(at12(11, 0))
	if out := h.stop(); out.Skipped != 9 || out.Runs != 2 {
		t.Errorf("outcome %+v", out)
	}
}

func TestCatchupAll(t *testing.T) {
	h := downtime(t, spec.CatchupAll, 0)
	h.serve()
	if e := h.expect(EventCatchup, time.Time{}); !strings.HasSuffix(e.Message, "; running 10 runs") {
		t.Errorf("message %q", e.Message)
	}
	for m := 1; m <= 10; m++ {
		h.expectRun(at12(m, 0))
	}
	h.advance(1, 30*time.Second)
	h.expectRun(at12(11, 0))
	h.stop()
}

func TestCatchupAllWithinWindow(t *testing.T) {
	h := downtime(t, spec.CatchupAll, 5*time.Minute) // window opens at 12:05:30
	h.serve()
	e := h.expect(EventCatchup, time.Time{})
	if want := "10 missed ticks while not running (catchup: all); 5 older than catchup_window not run; in the window from 2026-06-01T12:06:00Z; running 5 runs"; e.Message != want {
		t.Errorf("message %q\nwant    %q", e.Message, want)
	}
	for m := 6; m <= 10; m++ {
		h.expectRun(at12(m, 0))
	}
	h.quiet(1)
	if out := h.stop(); out.Skipped != 5 || out.Runs != 5 {
		t.Errorf("outcome %+v", out)
	}
}

// TestCatchupLastOutsideWindow: the missed ticks are all older than the
// window, so nothing is run late.
func TestCatchupLastOutsideWindow(t *testing.T) {
	sched := &spec.Schedule{Clocks: []spec.Clock{{Cron: "0 * * * *", Timezone: "UTC"}}, Catchup: spec.CatchupLast, CatchupWindow: &spec.Duration{Duration: 5 * time.Minute}}
	h := newHarness(t, at12(10, 30), sched)
	if err := h.loop.State.Save(State{Flow: "demo", LastTick: &TickMark{Scheduled: at12(0, 0).Add(-3 * time.Hour)}}); err != nil {
		t.Fatal(err)
	}
	h.serve()
	e := h.expect(EventCatchup, time.Time{})
	if want := "3 missed ticks while not running (catchup: last); 3 older than catchup_window not run"; e.Message != want {
		t.Errorf("message %q\nwant    %q", e.Message, want)
	}
	h.quiet(1)
	h.stop()
}

// TestCatchupAfterSuspend: the process sleeps through five ticks (a laptop
// lid, a paused container); on waking the latest tick runs and the others
// are missed ticks under the catchup policy, not a burst of runs.
func TestCatchupAfterSuspend(t *testing.T) {
	h := newHarness(t, t0, every(time.Minute))
	h.serve()
	h.expectRun(t0)
	h.advance(1, 5*time.Minute+30*time.Second)
	if e := h.expect(EventCatchup, time.Time{}); !strings.HasPrefix(e.Message, "4 missed ticks") {
		t.Errorf("message %q", e.Message)
	}
	h.expectRun(t0.Add(5 * time.Minute))
	h.stop()
}

// TestLongDowntimeIsBounded: a year of 1s ticks missed is handled quickly
// and runs at most MaxCatchup of them.
func TestLongDowntimeIsBounded(t *testing.T) {
	p, err := NewPlan(every(time.Second), t0)
	if err != nil {
		t.Fatal(err)
	}
	ticks, left := p.Between(Cursor{t0, 0}, t0.Add(365*24*time.Hour), MaxCatchup)
	if len(ticks) != MaxCatchup || left == 0 {
		t.Fatalf("got %d ticks, %d left out", len(ticks), left)
	}
	if last := ticks[len(ticks)-1].Scheduled; !last.Equal(t0.Add(365 * 24 * time.Hour)) {
		t.Errorf("latest tick %v", last)
	}
}

// TestFutureLastTickIsIgnored: a state file whose last tick lies ahead of
// the clock (set back, or copied from another machine) would stall the loop
// until then; it is reported and ignored.
func TestFutureLastTickIsIgnored(t *testing.T) {
	h := newHarness(t, t0, every(time.Minute))
	if err := h.loop.State.Save(State{Flow: "demo", LastTick: &TickMark{Scheduled: t0.Add(24 * time.Hour)}}); err != nil {
		t.Fatal(err)
	}
	h.serve()
	if e := h.expect(EventWarn, time.Time{}); !strings.Contains(e.Message, "is in the future") {
		t.Errorf("message %q", e.Message)
	}
	h.expectRun(t0)
	h.stop()
}
