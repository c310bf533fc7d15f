package runtime

import (
	"context"
	"fmt"
	"sync"
	"sync/atomic"
	"time"
)

// maxErrors is how many task errors a Result keeps.
const maxErrors = 10

// run is one execution of a plan by the local executor: the scheduler state
// its workers share. Fields after mu are guarded by it.
//
// Events reach the sink with mu held, so the sink is called by one goroutine
// at a time and in cause-and-effect order (a task's Success before the
// events of the tasks it unblocks). Workers build their events outside the
// lock and hand them over in batches. A separate emitter goroutine fed
// under the lock was measured too: it cost about 500 CPU-ns per task with a
// counting sink against about 370 for this, on 2 shared cores, because every
// batch woke another goroutine. The sink contract (return quickly) makes
// the simpler design the cheaper one.
//
// results[i] is written by the worker that ran task i before it publishes
// the outcome under mu, and read by a dependent's worker after taking that
// task under mu, so the mutex orders every write before its reads.
type run struct {
	p        *plan
	ctx      context.Context
	results  []any       // by task; nil once no dependent or output needs it
	stopping atomic.Bool // ctx is done; workers check it between tasks

	mu        sync.Mutex
	work      sync.Cond // idle workers wait here for ready tasks
	ready     readyQueue
	pending   []int32 // upstream tasks not yet finished, by task
	readers   []int32 // dependents not yet finished, by task
	up        []uint8 // upstream flags, by task (trigger.go)
	state     []State
	attempts  map[int32]int         // next attempt of tasks that failed one
	timers    map[int32]*time.Timer // retries waiting for their delay
	todo      []int32               // tasks whose upstream tasks all finished
	remaining int                   // tasks not in a final state
	inflight  int                   // tasks taken by workers and not published
	idle      int                   // workers waiting on work
	workers   int
	stopped   bool // start nothing more (ctx done or run over)
	stalled   bool // nothing can run yet tasks remain: a bug, reported by Run
	abandoned bool // Run returned without the workers still in a call
	counts    [Cancelled + 1]int
	errors    []*TaskError
	sink      Sink      // nil, with batches nil: no event work at all
	batches   Batches   // BatchesFrom the run's context
	successes Successes // SuccessesFrom the run's context, with batches
	queued    []Event   // for batches, delivered by deliver
	cache     Cache     // nil: no cache lookups (Local.WithCache)
}

// newRun prepares the per-task state of running p.
func newRun(ctx context.Context, p *plan, sink Sink, workers int) *run {
	n := len(p.g.Tasks)
	r := &run{
		p: p, ctx: ctx, workers: workers, remaining: n,
		results: make([]any, n),
		pending: make([]int32, n),
		readers: make([]int32, n),
		up:      make([]uint8, n),
		state:   make([]State, n),
	}
	r.work.L = &r.mu
	r.sink, r.batches = sink, BatchesFrom(ctx)
	if r.batches != nil {
		r.successes = SuccessesFrom(ctx)
	}
	for i := range p.g.Tasks {
		r.pending[i] = int32(len(p.g.Tasks[i].Deps))
		r.readers[i] = p.offsets[i+1] - p.offsets[i]
	}
	return r
}

// start queues every task without dependencies.
func (r *run) start() {
	r.mu.Lock()
	defer r.mu.Unlock()
	for i := len(r.pending) - 1; i >= 0; i-- {
		if r.pending[i] == 0 {
			r.todo = append(r.todo, int32(i))
		}
	}
	r.ready.run = make([]uint64, 0, len(r.todo))
	r.drain()
}

// drain decides, for each task in todo, whether it runs (it is queued) or
// settles at once (skipped by its trigger or `when:`, or failed by a bad
// `when:` value); settling unblocks more tasks, so this loops until todo is
// empty. Called with mu held.
func (r *run) drain() {
	for len(r.todo) > 0 {
		i := r.todo[len(r.todo)-1]
		r.todo = r.todo[:len(r.todo)-1]
		st, err := r.decide(i)
		if st == Pending {
			r.ready.push(r.p.rank[r.p.g.Tasks[i].Group], i)
			continue
		}
		r.emit(i, st, 0, err)
		r.settle(i, st, err)
	}
	r.deliver()
	if r.idle > 0 && r.ready.Len() > 0 {
		r.work.Signal()
	}
}

// decide applies task i's trigger and `when:` once its upstream tasks have
// finished: Pending means it should run.
func (r *run) decide(i int32) (State, *TaskError) {
	grp := r.p.group(i)
	if !triggerMet(grp.Options.Trigger, r.up[i]) {
		return Skipped, nil
	}
	if grp.Options.When == nil {
		return Pending, nil
	}
	switch v := resolve(grp.Options.When, r.results).(type) {
	case bool:
		if v {
			return Pending, nil
		}
		return Skipped, nil
	case nil:
		return Skipped, nil
	default:
		return Failed, r.p.taskError(i, "when: expected true or false, got "+describe(v))
	}
}

// settle records that task i reached the final state st, releases results no
// longer needed, and counts down its dependents, adding to todo those whose
// last upstream task this was. Called with mu held.
func (r *run) settle(i int32, st State, err *TaskError) {
	r.state[i] = st
	r.counts[st]++
	r.remaining--
	if err != nil && len(r.errors) < maxErrors {
		r.errors = append(r.errors, err)
	}
	if len(r.attempts) > 0 {
		delete(r.attempts, i)
	}
	r.release(i, st)
	if r.remaining == 0 {
		r.work.Broadcast()
	}
	if r.halted() {
		return
	}
	f := upstreamFlags(st)
	for _, c := range r.p.dependents(i) {
		r.up[c] |= f
		r.pending[c]--
		if r.pending[c] == 0 {
			r.todo = append(r.todo, c)
		}
	}
}

// release drops results that every reader has now read: task i's upstream
// results, of which i was the last dependent to finish, and i's own result
// if nothing depends on it. Results that outputs read are kept, and so are
// the upstream results of a task that did not succeed: a resume of the
// run needs them (Result.ResumeInputs).
func (r *run) release(i int32, st State) {
	if st != Success {
		return
	}
	for _, d := range r.p.g.Tasks[i].Deps {
		r.readers[d]--
		if r.readers[d] == 0 && !r.p.pinned.has(d) {
			r.results[d] = nil
		}
	}
	if r.readers[i] == 0 && !r.p.pinned.has(i) {
		r.results[i] = nil
	}
}

// take moves up to a batch of ready tasks to w, waiting while none is ready.
// It returns false when the worker should exit: every task finished, the run
// was stopped, or (a bug) nothing can ever become ready. Called with mu held.
func (r *run) take(w *worker) bool {
	for r.ready.Len() == 0 || r.halted() {
		switch {
		case r.halted() || r.remaining == 0 || r.stalled:
			return false
		case r.inflight == 0 && len(r.timers) == 0:
			r.stalled = true
			r.work.Broadcast()
			return false
		}
		r.idle++
		r.work.Wait()
		r.idle--
	}
	n := w.batchSize(r.ready.Len(), r.workers)
	var now time.Time
	if r.observed() {
		now = time.Now()
	}
	last := int32(-1) // the group of the last Running event batches got
	for range n {
		i := r.ready.pop()
		a := 1
		if next, ok := r.attempts[i]; ok {
			a = next
		}
		r.state[i] = Running
		w.batch = append(w.batch, job{task: i, attempt: a})
		if r.sink != nil {
			r.sink(Event{Task: i, State: Running, Attempt: a, Time: now})
		}
		if g := r.p.g.Tasks[i].Group; r.batches != nil && g != last {
			r.queued, last = append(r.queued, Event{Task: i, State: Running, Attempt: a, Time: now}), g
		}
	}
	r.deliver()
	r.inflight += n
	if r.ready.Len() > 0 && r.idle > 0 {
		r.work.Signal()
	}
	return true
}

// publish hands w's finished tasks and their events to the scheduler. Events
// go first, so a task's Success precedes the events of tasks it unblocks.
// After abandon, nothing is published: Run has returned and the sink may be
// gone. Called with mu held.
func (r *run) publish(w *worker) {
	if r.abandoned {
		clear(w.events)
		w.events, w.done, w.tallied, w.sinkOnly = w.events[:0], w.done[:0], w.tallied[:0], w.sinkOnly[:0]
		return
	}
	if len(w.tallied) > 0 {
		r.successes(w.tallied, w.end)
		w.tallied = w.tallied[:0]
	}
	if r.sink != nil {
		for _, ev := range w.events {
			r.sink(ev)
		}
		for _, ev := range w.sinkOnly {
			r.sink(ev)
		}
		w.sinkOnly = w.sinkOnly[:0]
	}
	if r.batches != nil && len(w.events) > 0 {
		r.batches(w.events)
	}
	clear(w.events) // drop error pointers
	w.events = w.events[:0]
	for _, o := range w.done {
		r.inflight--
		if o.state == Retrying {
			r.retryLater(o.task, o.attempt)
			continue
		}
		r.settle(o.task, o.state, o.err)
	}
	w.done = w.done[:0]
	r.drain()
}

// stop is called once ctx is done: nothing new starts, waiting retries are
// abandoned (their tasks end Cancelled), and idle workers wake to exit.
func (r *run) stop() {
	r.stopping.Store(true)
	r.mu.Lock()
	defer r.mu.Unlock()
	r.halt()
}

// abandon gives up on the workers still running operator calls after the
// grace: Run goes on without them and their outcomes are dropped.
func (r *run) abandon() {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.abandoned = true
	r.halt()
}

// halted reports whether the run should start nothing more: it was
// stopped, or a worker saw ctx done before stop ran.
func (r *run) halted() bool { return r.stopped || r.stopping.Load() }

// halt stops the run and its retry timers. Called with mu held.
func (r *run) halt() {
	r.stopped = true
	for i, t := range r.timers {
		t.Stop()
		delete(r.timers, i)
	}
	r.work.Broadcast()
}

// emit reports a state change decided by the scheduler. Called with mu held.
func (r *run) emit(i int32, st State, attempt int, err *TaskError) {
	if r.observed() {
		r.report(Event{Task: i, State: st, Attempt: attempt, Err: err, Time: time.Now()})
	}
}

// observed reports whether anything receives the run's events.
func (r *run) observed() bool { return r.sink != nil || r.batches != nil }

// report gives ev to the sink now and queues it for batches, which get the
// queue from deliver. Called with mu held.
func (r *run) report(ev Event) {
	if r.sink != nil {
		r.sink(ev)
	}
	if r.batches != nil {
		r.queued = append(r.queued, ev)
	}
}

// deliver hands the queued events to batches. Called with mu held.
func (r *run) deliver() {
	if len(r.queued) == 0 {
		return
	}
	r.batches(r.queued)
	clear(r.queued) // drop error pointers
	r.queued = r.queued[:0]
}

// cancelRest marks every unfinished task Cancelled, reporting each, once
// the workers have stopped.
func (r *run) cancelRest() {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.halt()
	now := time.Now()
	for i, st := range r.state {
		if st.Final() {
			continue
		}
		r.state[i] = Cancelled
		r.counts[Cancelled]++
		r.remaining--
		if r.observed() {
			r.report(Event{Task: int32(i), State: Cancelled, Time: now})
		}
	}
	r.deliver()
}

// stalledError explains a run that could not schedule its remaining tasks,
// which a validated graph never causes.
func (r *run) stalledError() error {
	return fmt.Errorf("internal error: %d tasks could never start; the graph is inconsistent", r.remaining)
}
