package runtime

import (
	"context"
	goruntime "runtime"
	"sync"
	"time"

	"github.com/flowspec/flowspec/builtins"
	"github.com/flowspec/flowspec/compiler"
	"github.com/flowspec/flowspec/operator"
)

// Local is the in-process executor: it runs a Graph's operators on a fixed
// pool of worker goroutines, never a goroutine per task, so graphs of
// millions of tasks run in bounded memory.
//
// Scheduling: each task counts its unfinished upstream tasks; when the count
// reaches zero its trigger and `when:` decide whether it runs (see
// triggerMet), and a task that runs joins a ready queue ordered by priority,
// then graph order. A result is dropped as soon as every dependent has
// finished, unless an output reads it. Retries wait on timers, not workers;
// timeouts apply to each attempt (for an Each task, to all its elements
// together). Wrong argument types fail a task without retries. Cancelling
// ctx stops new work, running operators see their ctx done, and every
// unfinished task ends Cancelled. An operator call that ignores its ctx
// must not hold up shutdown: once ctx is done, Run waits at most
// CancelGrace for running calls to return, then returns without them
// (their tasks end Cancelled and what they return later is dropped).
//
// Operators must treat their arguments as read-only: a result read by
// several dependents, and a constant shared by every element of a map, is
// passed to each without copying.
type Local struct {
	reg     *operator.Registry
	workers int
	grace   time.Duration // CancelGrace; tests shorten it
	cache   Cache         // nil: no cache (WithCache)
}

// CancelGrace is how long Local.Run waits, once its context is done, for
// operator calls still running to return. A call still running after it is
// abandoned: its goroutine ends when the call returns, and Run has already
// returned the run as cancelled. A heavy computation that never looks at
// its context (an expression, a third-party operator) thus costs Ctrl-C at
// most this long.
const CancelGrace = 2 * time.Second

// NewLocal returns a local executor running reg's operators (nil means the
// built-in ones) on workers goroutines; workers <= 0 means one per CPU.
func NewLocal(reg *operator.Registry, workers int) *Local {
	if reg == nil {
		reg = builtins.Default()
	}
	if workers <= 0 {
		workers = goruntime.NumCPU()
	}
	return &Local{reg: reg, workers: workers, grace: CancelGrace}
}

// Name returns "local".
func (l *Local) Name() string { return "local" }

// Workers reports how many goroutines run tasks.
func (l *Local) Workers() int { return l.workers }

// testHookRun, when set by a test, sees the run's internal state after the
// run, so tests can check that consumed results were released.
var testHookRun func(*run)

// Run runs g and reports each task's state changes to sink (which may be
// nil). It returns an error without a Result when g cannot run here (an
// operator missing from the registry, an inconsistent graph), and the
// partial Result with ctx's error when ctx is cancelled before every task
// finished. Task failures are not errors of Run: they are in the Result.
func (l *Local) Run(ctx context.Context, g *compiler.Graph, sink Sink) (*Result, error) {
	start := time.Now()
	p, err := newPlan(g, l.reg)
	if err != nil {
		return nil, err
	}
	r := newRun(ctx, p, sink, l.workers)
	r.cache = l.cache
	stop := context.AfterFunc(ctx, r.stop)
	if ctx.Err() != nil {
		r.stop() // AfterFunc would stop the run, but not before it starts
	}
	r.start()
	var wg sync.WaitGroup
	for range min(l.workers, len(g.Tasks)) {
		wg.Go(newWorker(r).loop)
	}
	l.wait(ctx, r, &wg)
	stop()
	stalled := r.stalled
	r.cancelRest()
	res := r.result(l.Name(), time.Since(start))
	if testHookRun != nil {
		testHookRun(r)
	}
	switch {
	case stalled:
		return Stopped(res, r.stalledError())
	case res.Counts[Cancelled] > 0 && ctx.Err() != nil:
		return Stopped(res, ctx.Err())
	}
	return res, nil
}

// wait returns when every worker has exited or, once ctx is done, when the
// grace has passed: workers still inside an operator call are then
// abandoned, and publish drops whatever they report later.
func (l *Local) wait(ctx context.Context, r *run, wg *sync.WaitGroup) {
	done := make(chan struct{})
	go func() { wg.Wait(); close(done) }()
	select {
	case <-done:
		return
	case <-ctx.Done():
	}
	grace := time.NewTimer(l.grace)
	defer grace.Stop()
	select {
	case <-done:
	case <-grace.C:
		r.abandon()
	}
}

// result assembles the Result once the run is over.
func (r *run) result(executor string, wall time.Duration) *Result {
	res := &Result{Executor: executor, Counts: r.counts, Errors: r.errors, Wall: wall}
	for _, o := range r.p.g.Outputs {
		v, ok := r.output(&o.Value)
		nv := NamedValue{Name: o.Name, Value: v, OK: ok}
		if !ok {
			nv.Missing = WhyNoValue(r.p.g, &o.Value, func(i int32) State { return r.state[i] })
		}
		res.Outputs = append(res.Outputs, nv)
	}
	RefuseObjects(res, r.p.g)
	res.ResumeInputs = r.resumeInputs()
	return res
}

// resumeInputs picks the results a resume needs, which release kept (a
// result it dropped, read only by tasks that succeeded, is left out: a
// resume runs its task again rather than read a nil).
func (r *run) resumeInputs() map[int32]any {
	var out map[int32]any
	for _, d := range ResumeInputs(r.p.g, func(i int32) State { return r.state[i] }) {
		if r.readers[d] == 0 && !r.p.pinned.has(d) {
			continue
		}
		if out == nil {
			out = map[int32]any{}
		}
		out[d] = r.results[d]
	}
	return out
}

// output resolves an output's value; ok is false when a task it reads did
// not succeed, and the value is then nil.
func (r *run) output(a *compiler.Arg) (any, bool) {
	switch a.Kind {
	case compiler.Ref:
		if r.state[a.Ref] != Success {
			return nil, false
		}
		return r.results[a.Ref], true
	case compiler.List, compiler.Map:
		for k := range a.Items {
			if _, ok := r.output(&a.Items[k]); !ok {
				return nil, false
			}
		}
		return resolve(a, r.results), true
	}
	return a.Value, true
}
