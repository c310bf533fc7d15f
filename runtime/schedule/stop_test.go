package schedule

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// TestStopWaitsForRunWithinGrace: SIGTERM during a 10s run with a 30s grace
// lets it finish; nothing is cancelled (exit 0).
func TestStopWaitsForRunWithinGrace(t *testing.T) {
	h := newHarness(t, t0, every(time.Minute))
	h.duration = 10 * time.Second
	h.serve()
	h.expect(EventStart, t0)
	h.clock.BlockUntil(2) // the run and the next tick
	h.cancel()
	if e := h.expect(EventStop, time.Time{}); e.Message != "stopping; waiting up to 30s for 1 run to finish" {
		t.Errorf("message %q", e.Message)
	}
	h.advance(2, 10*time.Second) // the run and the grace timer
	h.expect(EventEnd, t0)
	h.expect(EventStop, time.Time{})
	out := <-h.result
	if out.Cancelled || out.Runs != 1 || out.Failed != 0 {
		t.Errorf("outcome %+v", out)
	}
}

// TestStopCancelsRunAfterGrace: a 60s run outlives the 30s grace and is
// cancelled (exit 130).
func TestStopCancelsRunAfterGrace(t *testing.T) {
	h := newHarness(t, t0, every(time.Minute))
	h.duration = 60 * time.Second
	h.serve()
	h.expect(EventStart, t0)
	h.clock.BlockUntil(2)
	h.cancel()
	h.expect(EventStop, time.Time{})
	h.advance(2, 30*time.Second)
	h.expect(EventStop, t0) // cancelling the run
	if e := h.expect(EventEnd, t0); e.State != "cancelled" || e.Error != context.Canceled.Error() {
		t.Errorf("ended %s: %q", e.State, e.Error)
	}
	h.expect(EventStop, time.Time{})
	out := <-h.result
	if !out.Cancelled || out.Failed != 1 {
		t.Errorf("outcome %+v", out)
	}
}

// TestStopDropsQueue: queued ticks do not run after a stop.
func TestStopDropsQueue(t *testing.T) {
	sched := every(time.Minute)
	sched.Overlap = "queue"
	h := newHarness(t, t0, sched)
	h.duration = 90 * time.Second
	h.loop.Grace = 45 * time.Second
	h.serve()
	h.expect(EventStart, t0)
	h.advance(2, time.Minute)
	h.expect(EventQueue, t0.Add(time.Minute))
	h.clock.BlockUntil(2)
	h.cancel()
	if e := h.expect(EventStop, time.Time{}); e.Message != "stopping; dropping 1 queued tick; waiting up to 45s for 1 run to finish" {
		t.Errorf("message %q", e.Message)
	}
	h.advance(2, 30*time.Second)
	h.expect(EventEnd, t0)
	h.expect(EventStop, time.Time{})
	if out := <-h.result; out.Runs != 1 || out.Cancelled {
		t.Errorf("outcome %+v", out)
	}
}

// TestScheduleEnds: when every clock has passed its end the loop returns.
func TestScheduleEnds(t *testing.T) {
	sched := every(time.Minute)
	end := t0.Add(time.Minute)
	sched.Clocks[0].End = &end
	h := newHarness(t, t0, sched)
	h.serve()
	h.expectRun(t0)
	h.advance(1, time.Minute)
	h.expectRun(end)
	if e := h.expect(EventStop, time.Time{}); e.Message != "the schedule has no more fire times" {
		t.Errorf("message %q", e.Message)
	}
	if out := <-h.result; out.Runs != 2 {
		t.Errorf("outcome %+v", out)
	}
}

// TestOnce runs one run now and records it as the last run, not as a tick.
func TestOnce(t *testing.T) {
	h := newHarness(t, t0, every(time.Hour))
	out, err := h.loop.Once(context.Background())
	if err != nil || out.Runs != 1 || out.Last == nil {
		t.Fatalf("Once: %+v, %v", out, err)
	}
	e := h.expect(EventStart, t0)
	if e.RunID != "20260601T120030Z-once" {
		t.Errorf("run id %q", e.RunID)
	}
	st, err := h.loop.State.Load()
	if err != nil || st.LastTick != nil || st.LastRun == nil || st.LastRun.State != "success" {
		t.Errorf("state %+v, %v", st, err)
	}
}

func TestStateRoundTrip(t *testing.T) {
	f := StateFile{Path: filepath.Join(t.TempDir(), "state", "demo.json")}
	want := State{Flow: "demo", LastTick: &TickMark{Scheduled: t0, Clock: 1},
		LastRun: &RunRecord{RunID: "r1", Scheduled: t0, Started: t0, Finished: t0.Add(time.Second), State: "failed", Error: "boom"}}
	if err := f.Save(want); err != nil {
		t.Fatal(err)
	}
	got, err := f.Load()
	if err != nil {
		t.Fatal(err)
	}
	r := got.LastRun
	if !got.LastTick.Scheduled.Equal(t0) || got.LastTick.Clock != 1 || r == nil || r.RunID != "r1" || !r.Finished.Equal(t0.Add(time.Second)) || r.State != "failed" || r.Error != "boom" {
		t.Errorf("got %+v / %+v", got.LastTick, got.LastRun)
	}
	entries, _ := os.ReadDir(filepath.Dir(f.Path))
	if len(entries) != 1 {
		t.Errorf("the directory holds %d files; the temporary file was left behind", len(entries))
	}
}

func TestStateMissingIsFresh(t *testing.T) {
	st, err := StateFile{Path: filepath.Join(t.TempDir(), "none.json")}.Load()
	if err != nil || st.LastTick != nil {
		t.Errorf("%+v, %v", st, err)
	}
}

// TestCorruptStateIsAWarning: a corrupt state file is logged and ignored;
// the loop starts as if it had no history (first interval run now).
func TestCorruptStateIsAWarning(t *testing.T) {
	for name, content := range map[string]string{"garbage": "{not json", "other version": `{"version": 99}`, "empty": ""} {
		t.Run(name, func(t *testing.T) {
			h := newHarness(t, t0, every(time.Minute))
			if err := os.WriteFile(h.loop.State.(*StateFile).Path, []byte(content), 0o644); err != nil {
				t.Fatal(err)
			}
			h.serve()
			h.expect(EventWarn, time.Time{})
			h.expectRun(t0)
			h.stop()
			if _, err := h.loop.State.Load(); err != nil {
				t.Errorf("the state file was not rewritten: %v", err)
			}
		})
	}
}

// TestUnwritableStateIsAWarning: a state directory that cannot be written
// does not stop the runs.
func TestUnwritableStateIsAWarning(t *testing.T) {
	h := newHarness(t, t0, every(time.Minute))
	blocker := filepath.Join(t.TempDir(), "file")
	if err := os.WriteFile(blocker, nil, 0o644); err != nil {
		t.Fatal(err)
	}
	h.loop.State = &StateFile{Path: filepath.Join(blocker, "demo.json")} // a file where a directory should be
	h.serve()
	if e := h.expect(EventWarn, time.Time{}); !strings.HasPrefix(e.Message, "cannot read state file") {
		t.Errorf("message %q", e.Message)
	}
	// The run is recorded as started before its start is logged, so the
	// failed save is reported first.
	if e := h.expect(EventWarn, time.Time{}); !strings.HasPrefix(e.Message, "cannot create state directory") {
		t.Errorf("message %q", e.Message)
	}
	h.expect(EventStart, t0)
	h.expect(EventEnd, t0)
	h.advance(1, time.Minute)
	h.expectRun(t0.Add(time.Minute)) // the same warning is not repeated every tick
	h.stop()
}

// TestKillEndsGrace: a second signal (Kill) cancels the run without waiting
// out the grace period.
func TestKillEndsGrace(t *testing.T) {
	h := newHarness(t, t0, every(time.Minute))
	kill := make(chan struct{})
	h.loop.Kill = kill
	h.duration = time.Hour
	h.serve()
	h.expect(EventStart, t0)
	h.clock.BlockUntil(2)
	h.cancel()
	h.expect(EventStop, time.Time{})
	close(kill)
	h.expect(EventStop, t0) // cancelling the run
	if e := h.expect(EventEnd, t0); e.State != "cancelled" {
		t.Errorf("ended %s", e.State)
	}
	if out := <-h.result; !out.Cancelled || !h.clock.Now().Equal(t0) {
		t.Errorf("outcome %+v at %v", out, h.clock.Now())
	}
}
