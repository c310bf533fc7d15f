package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"time"

	"github.com/flowspec/flowspec/runtime/schedule"
	"github.com/flowspec/flowspec/store"
)

// storeKeeper keeps a flow's schedule state in the run store, for the
// schedule loop (a schedule.Keeper). The state file the flow had before
// is imported the first time, so an upgrade keeps its catch-up state.
type storeKeeper struct {
	ctx    context.Context
	sc     *store.Schedule
	loc    string             // the store's location, for messages
	file   schedule.StateFile // the state file of earlier versions
	notice io.Writer          // where the import is announced
}

// Acquire takes the flow's schedule lock in the store.
func (k *storeKeeper) Acquire() (schedule.Held, error) {
	err := k.sc.Lock(k.ctx, schedule.Holder())
	var locked *store.ScheduleLockedError
	if errors.As(err, &locked) {
		return nil, fmt.Errorf("%w: %s is running this flow's schedule on the run store at %s; stop it first, or give this one another --store",
			schedule.ErrLocked, schedule.HolderText(locked.Holder), k.loc)
	}
	if err != nil {
		return nil, fmt.Errorf("cannot take the schedule lock in the run store at %s: %w", k.loc, err)
	}
	return k, nil
}

// Release gives the lock up.
func (k *storeKeeper) Release() { k.sc.Unlock() }

// Load reads the state from the store, or imports the state file when
// the store has none for the flow yet.
func (k *storeKeeper) Load() (schedule.State, error) {
	st, found, err := k.sc.Load(k.ctx)
	if err != nil {
		return schedule.State{}, fmt.Errorf("cannot read the schedule state from the run store at %s (%v); starting with no run history", k.loc, err)
	}
	if !found {
		return k.importFile()
	}
	return fromStoreState(st), nil
}

// importFile moves the state file's state into the store, saying so once:
// afterwards the store has the flow's state and the file is not read.
func (k *storeKeeper) importFile() (schedule.State, error) {
	if _, err := os.Stat(k.file.Path); err != nil {
		return schedule.State{}, nil
	}
	st, err := k.file.Load()
	if err != nil {
		return st, err
	}
	if err := k.Save(st); err != nil {
		return st, fmt.Errorf("cannot import the state file %s into the run store at %s: %v; using it for this run", k.file.Path, k.loc, err)
	}
	fmt.Fprintf(k.notice, "flowspec: imported the schedule state of %s from %s into the run store at %s; the file is no longer read and can be deleted\n", st.Flow, k.file.Path, k.loc)
	return st, nil
}

// Save writes the state to the store. A lock lost to another process
// matches schedule.ErrLocked, which stops the loop.
func (k *storeKeeper) Save(s schedule.State) error {
	err := k.sc.Save(k.ctx, toStoreState(s))
	var locked *store.ScheduleLockedError
	if errors.As(err, &locked) {
		return fmt.Errorf("%w: %v", schedule.ErrLocked, err)
	}
	if err != nil {
		return fmt.Errorf("cannot write the schedule state to the run store at %s: %w", k.loc, err)
	}
	return nil
}

// interruptedWhy is the error a run left running by a killed loop gets.
const interruptedWhy = "the process running the schedule ended before this run finished (it was killed or the machine stopped)"

// MarkInterrupted marks the recorded runs of the interrupted ticks.
func (k *storeKeeper) MarkInterrupted(runs []schedule.RunRecord) error {
	ids := make([]string, 0, len(runs))
	for _, r := range runs {
		ids = append(ids, r.RunID)
	}
	return k.sc.MarkInterrupted(k.ctx, ids, interruptedWhy, time.Now())
}

// toStoreState is the loop's state as the store keeps it.
func toStoreState(s schedule.State) store.ScheduleState {
	out := store.ScheduleState{Running: make([]store.ScheduleRun, 0, len(s.Running))}
	if s.LastTick != nil {
		out.Tick, out.Clock = s.LastTick.Scheduled, s.LastTick.Clock
	}
	if s.LastRun != nil {
		r := toStoreRun(*s.LastRun)
		out.LastRun = &r
	}
	for _, r := range s.Running {
		out.Running = append(out.Running, toStoreRun(r))
	}
	return out
}

func toStoreRun(r schedule.RunRecord) store.ScheduleRun {
	return store.ScheduleRun{TickID: r.RunID, Scheduled: r.Scheduled, Clock: r.Clock, Attempt: r.Attempt,
		Started: r.Started, Finished: r.Finished, State: r.State, Error: r.Error}
}

// fromStoreState is toStoreState's inverse.
func fromStoreState(s store.ScheduleState) schedule.State {
	var out schedule.State
	if !s.Tick.IsZero() {
		out.LastTick = &schedule.TickMark{Scheduled: s.Tick, Clock: s.Clock}
	}
	if s.LastRun != nil {
		r := fromStoreRun(*s.LastRun)
		out.LastRun = &r
	}
	for _, r := range s.Running {
		out.Running = append(out.Running, fromStoreRun(r))
	}
	return out
}

func fromStoreRun(r store.ScheduleRun) schedule.RunRecord {
	return schedule.RunRecord{RunID: r.TickID, Scheduled: r.Scheduled, Clock: r.Clock, Attempt: r.Attempt,
		Started: r.Started, Finished: r.Finished, State: r.State, Error: r.Error}
}
