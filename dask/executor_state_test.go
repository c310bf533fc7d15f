package dask

import (
	"testing"
	"time"

	"github.com/flowspec/flowspec/compiler"
	"github.com/flowspec/flowspec/dask/internal/fixture"
	"github.com/flowspec/flowspec/runtime"
)

// TestTrackerPollRunning: the poll of the scheduler's processing state
// marks a plain task Running, but not one that runs in the wrapper, whose
// own report of its start (which a task still queued on a worker has not
// made) is the one that counts, so a timed-out task is timed from it.
func TestTrackerPollRunning(t *testing.T) {
	b := fixture.NewGraph("poll")
	plain := b.Group("plain", "inc", false, 1, compiler.Options{}, func(int) []compiler.Arg {
		return []compiler.Arg{fixture.Const(int64(1))}
	})
	timed := b.Group("timed", "inc", false, 1, compiler.Options{Timeout: time.Second}, func(int) []compiler.Arg {
		return []compiler.Arg{fixture.Const(int64(1))}
	})
	var events []runtime.Event
	tr := newTracker(b.G, func(ev runtime.Event) { events = append(events, ev) }, nil)
	first := func(gi int32) int32 { return int32(b.G.Groups[gi].First) }
	tr.running(first(plain), 0)
	tr.running(first(timed), 0)
	if len(events) != 1 || events[0].Task != first(plain) {
		t.Fatalf("events after the poll %v, want plain's Running alone", events)
	}
	tr.running(first(timed), 1)
	if len(events) != 2 || events[1].Task != first(timed) || events[1].State != runtime.Running {
		t.Errorf("events after the wrapper's report %v, want timed's Running", events)
	}
}
