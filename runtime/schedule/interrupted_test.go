package schedule

import (
	"errors"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/flowspec/flowspec/spec"
)

// interruptedAt returns a harness whose state file says the run of the
// 12:10 tick started and never finished, and whose clock reads 12:10:30.
func interruptedAt(t *testing.T, catchup string, attempt int) *harness {
	sched := every(time.Minute)
	sched.Catchup = catchup
	h := newHarness(t, at12(10, 30), sched)
	st := State{Flow: "demo", LastTick: &TickMark{Scheduled: at12(10, 0)},
		Running: []RunRecord{{RunID: "20260601T121000Z", Scheduled: at12(10, 0), Attempt: attempt, Started: at12(10, 0)}}}
	if err := h.loop.State.Save(st); err != nil {
		t.Fatal(err)
	}
	return h
}

func TestInterruptedRunIsRunAgainWithCatchupAll(t *testing.T) {
	h := interruptedAt(t, spec.CatchupAll, 0)
	h.serve()
	e := h.expect(EventInterrupted, at12(10, 0))
	want := "the run started at 2026-06-01T12:10:00Z never finished (the process was killed or the machine stopped); running it again as 20260601T121000Z-r2 (catchup: all)"
	if e.RunID != "20260601T121000Z" || e.Message != want {
		t.Errorf("interrupted event %s %q\nwant message %q", e.RunID, e.Message, want)
	}
	if e := h.expect(EventStart, at12(10, 0)); e.RunID != "20260601T121000Z-r2" || !e.Catchup {
		t.Errorf("re-run %s (catchup %v), want 20260601T121000Z-r2 as a catch-up", e.RunID, e.Catchup)
	}
	h.expect(EventEnd, at12(10, 0))
	h.stop()
	st, err := h.loop.State.Load()
	if err != nil || len(st.Running) != 0 || st.LastRun == nil || st.LastRun.RunID != "20260601T121000Z-r2" {
		t.Errorf("state after the re-run: %+v, %v", st, err)
	}
}

func TestInterruptedRunIsReportedNotRepeatedWithCatchupNone(t *testing.T) {
	h := interruptedAt(t, "", 2)
	h.serve()
	e := h.expect(EventInterrupted, at12(10, 0))
	if !strings.HasSuffix(e.Message, "; not running it again (catchup: none)") {
		t.Errorf("message %q", e.Message)
	}
	h.quiet(1)
	h.advance(1, 30*time.Second)
	h.expectRun(at12(11, 0)) // the next tick, not the interrupted one
	if out := h.stop(); out.Skipped != 1 || out.Runs != 1 {
		t.Errorf("outcome %+v", out)
	}
}

func TestSecondLockIsRefusedWithTheHolder(t *testing.T) {
	f := StateFile{Path: filepath.Join(t.TempDir(), "demo.json")}
	first, err := f.Acquire()
	if err != nil {
		t.Fatal(err)
	}
	_, err = f.Acquire()
	host, _ := os.Hostname()
	if !errors.Is(err, ErrLocked) || !strings.Contains(err.Error(), "pid "+strconv.Itoa(os.Getpid())+" on host "+host) {
		t.Fatalf("second Acquire: %v; want ErrLocked naming pid %d on %s", err, os.Getpid(), host)
	}
	first.Release()
	again, err := f.Acquire()
	if err != nil {
		t.Fatalf("Acquire after Release: %v", err)
	}
	again.Release()
}

func TestSubSecondRunIDsDiffer(t *testing.T) {
	p, err := NewPlan(every(250*time.Millisecond), at12(0, 0))
	if err != nil {
		t.Fatal(err)
	}
	seen := map[string]bool{}
	for _, tk := range p.Upcoming(Cursor{at12(0, 0), -1}, 8) {
		if seen[tk.RunID] {
			t.Fatalf("run id %s repeats", tk.RunID)
		}
		seen[tk.RunID] = true
	}
	if !seen["20260601T120000.25Z"] || !seen["20260601T120001Z"] {
		t.Errorf("run ids %v", seen)
	}
}
