package schedule

import (
	"errors"
	"fmt"
	"sync"
	"testing"
	"time"
)

// lossyKeeper is a state file whose lock another process takes once
// saves have been made, as the run store reports a lost session lock; it
// also records what MarkInterrupted was told.
type lossyKeeper struct {
	*StateFile
	mu          sync.Mutex
	saves, upTo int // saves made; Save fails after upTo of them (0: never)
	interrupted []RunRecord
}

func (k *lossyKeeper) Save(s State) error {
	k.mu.Lock()
	defer k.mu.Unlock()
	if k.saves++; k.upTo > 0 && k.saves > k.upTo {
		return fmt.Errorf("%w: lost the schedule lock and pid 2 has it now", ErrLocked)
	}
	return k.StateFile.Save(s)
}

func (k *lossyKeeper) MarkInterrupted(runs []RunRecord) error {
	k.interrupted = append(k.interrupted, runs...)
	return nil
}

// TestLostLockStopsTheLoop: a loop whose Keeper reports the lock taken by
// another process stops starting ticks (the run under way finishes) and
// says why; the Outcome carries the error.
func TestLostLockStopsTheLoop(t *testing.T) {
	h := newHarness(t, t0, every(time.Minute))
	h.loop.State = &lossyKeeper{StateFile: h.loop.State.(*StateFile), upTo: 1}
	h.serve()
	h.expect(EventStart, t0)
	h.expect(EventEnd, t0)
	if e := h.expect(EventWarn, time.Time{}); e.Message != "the schedule's state is locked by another process: lost the schedule lock and pid 2 has it now; stopping this loop so that only one runs the flow's ticks" {
		t.Errorf("warning %q", e.Message)
	}
	h.expect(EventStop, time.Time{})
	select {
	case out := <-h.result:
		if !errors.Is(out.Lost, ErrLocked) || out.Runs != 1 {
			t.Errorf("outcome %+v", out)
		}
	case <-time.After(wait):
		t.Fatal("the loop did not stop after losing its lock")
	}
}

// TestKeeperToldOfInterruptedRuns: the runs a killed process left under
// way reach the Keeper's MarkInterrupted once, at start.
func TestKeeperToldOfInterruptedRuns(t *testing.T) {
	h := interruptedAt(t, "", 1)
	k := &lossyKeeper{StateFile: h.loop.State.(*StateFile)}
	h.loop.State = k
	h.serve()
	h.expect(EventInterrupted, at12(10, 0))
	h.quiet(1)
	h.stop()
	if len(k.interrupted) != 1 || k.interrupted[0].RunID != "20260601T121000Z" {
		t.Errorf("MarkInterrupted got %+v", k.interrupted)
	}
}
