package schedule

import (
	"context"
	"errors"
	"fmt"
	"math/rand/v2"
	"strings"
	"time"

	"github.com/flowspec/flowspec/runtime"
	"github.com/flowspec/flowspec/spec"
)

// MaxCatchup caps how many missed ticks `catchup: all` runs after downtime
// (the latest ones); older ones are logged as dropped.
const MaxCatchup = 1000

// MaxQueue caps how many ticks `overlap: queue` holds behind a slow run;
// further ticks are skipped and logged, so a run that is always slower than
// its interval cannot grow the queue without bound.
const MaxQueue = 100

// hardStop is how long the loop waits for runs to return after cancelling
// them at the end of the grace period, before it gives up on them.
const hardStop = 10 * time.Second

// RunFunc runs the flow once for a tick: compile with the tick's params, run
// on a fresh executor connection, return the result. A failed task shows in
// the Result; an error means the run could not proceed (unreachable cluster).
// ctx is cancelled when the loop gives up on the run at shutdown.
type RunFunc func(ctx context.Context, t Tick) (*runtime.Result, error)

// Loop runs a flow on its schedule until its context is cancelled. Runs that
// fail or cannot reach their executor are logged and the loop goes on: each
// run gets its own executor connection, so the next tick reconnects.
type Loop struct {
	Flow     string         // the flow's name, in every log line
	Schedule *spec.Schedule // clocks and policies
	Run      RunFunc
	Clock    Clock  // nil means Real
	State    Keeper // nil keeps no state: no catch-up, no phase across restarts
	Log      Logger // nil discards events
	// Grace is how long a run in progress at shutdown may take to finish
	// before it is cancelled.
	Grace time.Duration
	// Jitter draws the random delay for one tick, below max; nil draws
	// uniformly. Tests pin it.
	Jitter func(max time.Duration) time.Duration
	// Kill, when closed during shutdown, ends the grace period at once (a
	// second Ctrl-C): runs still going are cancelled.
	Kill <-chan struct{}
}

// Outcome sums up a loop's life for the exit code.
type Outcome struct {
	Runs    int // runs finished (any state)
	Failed  int // of which failed or cancelled
	Skipped int // ticks not run because of the overlap or catch-up policy
	// Cancelled reports that shutdown had to cancel a run whose grace period
	// ran out (exit code 130).
	Cancelled bool
	// Last is the result of the last finished run, nil if none returned one.
	Last *runtime.Result
	// Err is the error of the last finished run, nil if it returned none;
	// `--once` maps it to an exit code (an unreachable cluster is 3).
	Err error
	// LogErr is the first error the Logger returned (the log output could
	// not be written), nil if none: the runs went on, but their log lines
	// were lost.
	LogErr error
	// Lost is the Keeper's error (matching ErrLocked) when the loop lost
	// its lock to another process and stopped, nil otherwise.
	Lost error
}

// Serve runs the loop until ctx is cancelled (SIGINT/SIGTERM) or every clock
// has passed its end. It returns an error only when the loop cannot start
// (a schedule that cannot be planned); everything later is logged.
func (l *Loop) Serve(ctx context.Context) (Outcome, error) {
	r, err := l.begin(false)
	if err != nil {
		return Outcome{}, err
	}
	defer r.unlock()
	r.recoverInterrupted()
	r.catchUpAtStart()
	for {
		if r.out.Lost != nil {
			r.log(Event{Event: EventWarn, Message: r.out.Lost.Error() + "; stopping this loop so that only one runs the flow's ticks"})
			return r.stop(), nil
		}
		r.startQueued()
		next, ok := r.plan.Next(r.cursor)
		if !ok && len(r.running) == 0 && len(r.queue) == 0 {
			r.log(Event{Event: EventStop, Message: "the schedule has no more fire times"})
			return r.out, nil
		}
		if !r.wait(ctx, next, ok) {
			return r.stop(), nil
		}
	}
}

// Once runs one run now, with the parameters of the clock that would fire
// next, and returns when it has finished (or, if ctx is cancelled, after the
// grace period). It does not move the schedule's last tick.
func (l *Loop) Once(ctx context.Context) (Outcome, error) {
	r, err := l.begin(true)
	if err != nil {
		return Outcome{}, err
	}
	defer r.unlock()
	now := r.clock.Now()
	t, ok := r.plan.Next(Cursor{now, -1})
	if !ok {
		t = r.plan.tick(0, now)
	}
	t.Scheduled = now.In(t.Scheduled.Location())
	t.RunID = now.UTC().Format(runIDTime) + "-once"
	r.start(t)
	select {
	case d := <-r.done:
		r.finish(d)
		return r.out, nil
	case <-ctx.Done():
		return r.stop(), nil
	}
}

// loopRun is one Serve or Once call's working state. Only the loop's own
// goroutine touches it; runs report back over done.
type loopRun struct {
	*Loop
	clock   Clock
	plan    *Plan
	state   State
	cursor  Cursor
	once    bool
	seq     int
	running map[int]*activeRun
	queue   []Tick
	done    chan runDone
	jitter  struct {
		set bool
		at  Cursor
		d   time.Duration
	}
	out     Outcome
	saveErr string // the last state-file error logged
	lock    Held   // nil without a state, or when it could not be locked
	// interrupted are the runs the state says were under way when the
	// last process ended (Serve only; Once leaves them for the next Serve).
	interrupted []RunRecord
}

type activeRun struct {
	tick      Tick
	cancel    context.CancelFunc
	started   time.Time
	cancelled bool
}

type runDone struct {
	id  int
	res *runtime.Result
	err error
}

// begin locks and loads the state and plans the schedule: an interval clock
// without a start keeps the phase of the last recorded tick, or starts now.
// Another process holding the state's lock is an error (ErrLocked).
func (l *Loop) begin(once bool) (*loopRun, error) {
	r := &loopRun{Loop: l, clock: l.Clock, once: once, running: map[int]*activeRun{}, done: make(chan runDone, 16)}
	if r.clock == nil {
		r.clock = Real
	}
	if l.State != nil {
		if err := r.lockAndLoad(); err != nil {
			return nil, err
		}
	}
	if err := r.setUp(once); err != nil {
		r.unlock()
		return nil, err
	}
	return r, nil
}

// lockAndLoad takes the state's lock and loads the state. Only another
// process holding the lock stops the loop; a lock or state that
// cannot be used is one warning (a scheduler must not refuse to start
// because of its own bookkeeping).
func (r *loopRun) lockAndLoad() error {
	lock, lockErr := r.State.Acquire()
	if errors.Is(lockErr, ErrLocked) {
		return lockErr
	}
	r.lock = lock
	st, err := r.State.Load()
	var warn []string
	if err != nil {
		warn = append(warn, err.Error())
	}
	if lockErr != nil {
		warn = append(warn, fmt.Sprintf("%v: a second process on this state directory would not be stopped", lockErr))
	}
	if len(warn) > 0 {
		r.log(Event{Event: EventWarn, Message: strings.Join(warn, "; and ")})
	}
	r.state = st
	return nil
}

// unlock gives up the state's lock, if the loop holds it.
func (r *loopRun) unlock() {
	if r.lock != nil {
		r.lock.Release()
	}
}

// setUp settles the loop's plan and cursor from the loaded state.
func (r *loopRun) setUp(once bool) error {
	l := r.Loop
	r.state.Flow = l.Flow
	if !once {
		r.interrupted, r.state.Running = r.state.Running, nil
	}
	// A fresh start anchors interval clocks at the current whole second, so
	// the first run is now and fire times read cleanly (12:00:05, not
	// 12:00:05.318).
	now := r.clock.Now().Truncate(time.Second)
	anchor, cursor := now, Cursor{now, -1}
	if lt := r.state.LastTick; lt != nil && lt.Scheduled.After(now) {
		r.log(Event{Event: EventWarn, Message: fmt.Sprintf("the schedule state's last tick (%s) is in the future (was the clock set back?); starting with no run history", lt.Scheduled.Format(time.RFC3339))})
		r.state.LastTick = nil
	}
	if lt := r.state.LastTick; lt != nil && !once {
		anchor, cursor = lt.Scheduled, Cursor{lt.Scheduled, lt.Clock}
	}
	plan, err := NewPlan(l.Schedule, anchor)
	if err != nil {
		return err
	}
	r.plan, r.cursor = plan, cursor
	return nil
}

// wait blocks until the next tick is due (then handles it), a run finishes,
// or ctx is cancelled; it returns false for the last.
func (r *loopRun) wait(ctx context.Context, next Tick, ok bool) bool {
	var wake <-chan time.Time
	if ok {
		d := next.Scheduled.Add(r.jitterOf(next)).Sub(r.clock.Now())
		if d <= 0 {
			r.fire()
			return ctx.Err() == nil
		}
		timer := r.clock.NewTimer(d)
		defer timer.Stop()
		wake = timer.C()
	}
	select {
	case <-ctx.Done():
		return false
	case d := <-r.done:
		r.finish(d)
	case <-wake:
		r.drainDone()
		r.fire()
	}
	return true
}

// drainDone handles runs that have already finished, so a tick that falls due
// at the same moment does not count them as still going.
func (r *loopRun) drainDone() {
	for {
		select {
		case d := <-r.done:
			r.finish(d)
		default:
			return
		}
	}
}

// jitterOf returns the random delay of tick t, drawn once per tick.
func (r *loopRun) jitterOf(t Tick) time.Duration {
	pos := at(t)
	if r.jitter.set && r.jitter.at == pos {
		return r.jitter.d
	}
	var d time.Duration
	if j := r.Schedule.Jitter; j != nil && j.Duration > 0 {
		if r.Jitter != nil {
			d = r.Jitter(j.Duration)
		} else {
			d = time.Duration(rand.Int64N(int64(j.Duration)))
		}
	}
	r.jitter.set, r.jitter.at, r.jitter.d = true, pos, d
	return d
}

// fire handles every tick due by now. Normally that is the ticks of one
// instant (one per clock that fires then); after the process was suspended
// there are older ones too, missed ticks that go through the catchup policy.
func (r *loopRun) fire() {
	due, _ := r.plan.Between(r.cursor, r.clock.Now(), len(r.plan.clocks))
	if len(due) == 0 {
		return
	}
	last := due[len(due)-1].Scheduled
	for len(due) > 0 && due[0].Scheduled.Before(last) {
		due = due[1:]
	}
	r.catchUp(r.cursor, prev(at(due[0])))
	r.cursor = at(due[len(due)-1])
	for _, t := range due {
		r.due(t)
	}
}

// due applies the overlap policy to a tick that fell due on time.
func (r *loopRun) due(t Tick) {
	if len(r.running) == 0 && len(r.queue) == 0 {
		r.start(t)
		return
	}
	switch r.Schedule.Overlap {
	case spec.OverlapAllow:
		r.start(t)
	case spec.OverlapQueue:
		if len(r.queue) >= MaxQueue {
			r.skip(t, fmt.Sprintf("the queue already holds %d ticks (overlap: queue)", MaxQueue))
			return
		}
		r.queue = append(r.queue, t)
		r.log(tickEvent(EventQueue, t, fmt.Sprintf("waiting for %s (overlap: queue)", r.busyWith())))
	default:
		r.skip(t, fmt.Sprintf("run %s is still going (overlap: skip)", r.busyWith()))
	}
}

// busyWith names the oldest run in progress, for skip and queue messages.
func (r *loopRun) busyWith() string {
	var oldest *activeRun
	for _, a := range r.running {
		if oldest == nil || a.started.Before(oldest.started) {
			oldest = a
		}
	}
	if oldest == nil {
		return "a queued run"
	}
	return oldest.tick.RunID
}

// skip records a tick that will not run.
func (r *loopRun) skip(t Tick, why string) {
	r.out.Skipped++
	r.log(tickEvent(EventSkip, t, why))
	r.markTick(t)
	r.save()
}

// startQueued starts the next queued tick once nothing is running: queued
// ticks (overlap: queue, and catch-up) run one after another.
func (r *loopRun) startQueued() {
	if len(r.running) == 0 && len(r.queue) > 0 {
		t := r.queue[0]
		r.queue = r.queue[1:]
		r.start(t)
	}
}

// tickEvent is an event about tick t.
func tickEvent(kind string, t Tick, msg string) Event {
	at := t.Scheduled
	return Event{Event: kind, RunID: t.RunID, Clock: t.Label, Scheduled: &at, Catchup: t.Catchup, Message: msg}
}

// log stamps and sends an event, keeping the first error for the Outcome.
func (r *loopRun) log(e Event) {
	if r.Log == nil {
		return
	}
	e.Time = r.clock.Now()
	e.Flow = r.Flow
	if err := r.Log.Log(e); err != nil && r.out.LogErr == nil {
		r.out.LogErr = err
	}
}
