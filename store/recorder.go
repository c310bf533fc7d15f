package store

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"sync"
	"time"

	"github.com/flowspec/flowspec/compiler"
	"github.com/flowspec/flowspec/runtime"
	"github.com/flowspec/flowspec/value"
)

// flushEvery is how often a Recorder writes what happened since its last
// write: one transaction per interval whatever the run's size, so a
// 10^6-element run costs a few writes, not a million. A SIGKILL loses at
// most one interval of the record, which a resume then redoes.
const flushEvery = 500 * time.Millisecond

// writeShare bounds the time a Recorder spends writing: after a write that
// took d, the next waits at least writeShare*d (but at most
// maxFlushEvery), so large records (a 10^6-element group's done bits are
// 125 kB) take at most about 1/writeShare of the run, not more as the
// machine gets slower.
const writeShare = 20

// maxFlushEvery is the longest wait between writes, well within
// staleAfter, so a running run's heartbeat never looks stopped.
const maxFlushEvery = staleAfter / 4

// Recorder turns a run's task events into the store's record, batching
// writes on its own goroutine. It takes the events a batch at a time
// (Watch) and keeps per element only a counter and a bit, because
// executors call it with their scheduler lock held.
type Recorder struct {
	s   Store
	run *Run
	g   *compiler.Graph // the graph whose task indices events carry

	mu       sync.Mutex
	groups   []*Group          // by g's group index
	byName   map[string]*Group // every recorded group, also those not run
	persist  []bool            // by g's group index
	failures []Failure
	pending  []pendingResult
	carry    []Result // results kept from a resumed run, not yet written
	dirty    bool
	changed  []bool // by g's group index: changed since the last write
	all      bool   // write every group next time (the first, or after a failed write)
	err      error  // the last write's error, kept until one succeeds

	addrs      sync.Map // task → cache address seen by Lookup (cache_lookup.go)
	cachedKeys []string // elements Lookup took from the cache

	stop chan struct{}
	done chan struct{}
}

// pendingResult is a persisted value not yet written.
type pendingResult struct {
	group string
	index int
	value any
	task  int32 // in the recorder's graph, for its cache address; -1 for an output
}

// NewRecorder records run r of graph g into s: it writes r as begun and
// starts flushing. base lists groups as they stood before this run
// started (a resumed run's reused elements), nil for a fresh run.
// carry lists stored results the run keeps from the one it resumes.
func NewRecorder(ctx context.Context, s Store, r *Run, g *compiler.Graph, base []Group, carry []Result) (*Recorder, error) {
	rec := &Recorder{s: s, run: r, g: g, byName: map[string]*Group{}, carry: carry, stop: make(chan struct{}), done: make(chan struct{})}
	for i := range base {
		b := base[i]
		rec.byName[b.Name] = &b
	}
	for _, grp := range g.Groups {
		gr, ok := rec.byName[grp.Name]
		if !ok {
			gr = &Group{Name: grp.Name, Op: grp.Op, Pos: grp.Range.String(), Size: grp.Size}
			rec.byName[grp.Name] = gr
		}
		rec.groups = append(rec.groups, gr)
		rec.persist = append(rec.persist, grp.Persist)
	}
	if err := s.Begin(ctx, r); err != nil {
		return nil, fmt.Errorf("cannot record the run in the run store at %s: %w", s.Location(), err)
	}
	rec.dirty, rec.all, rec.changed = true, true, make([]bool, len(g.Groups))
	go rec.loop()
	return rec, nil
}

// Watch returns ctx carrying the recorder (runtime.WithBatches and
// runtime.WithSuccesses): an executor run with it reports its events to the
// recorder a batch at a time and, the in-process one, its plain successes
// as a tally of group and index, so recording costs a call per batch and a
// counter and a bit per element, not a call or an event per element.
func (rec *Recorder) Watch(ctx context.Context) context.Context {
	return runtime.WithSuccesses(runtime.WithBatches(ctx, rec.events), rec.tally)
}

// tally records a batch of successes that carry no value to store, all
// ended at end, under one lock. A success with a value comes as an event,
// so a done bit is never written without its value.
func (rec *Recorder) tally(done []runtime.Done, end time.Time) {
	rec.mu.Lock()
	defer rec.mu.Unlock()
	rec.dirty = true
	for _, d := range done {
		gr := rec.groups[d.Group]
		rec.changed[d.Group] = true
		gr.Counts.Success++
		gr.Done.Set(int(d.Index))
		gr.Ended = end
	}
}

// events records a batch of task events under one lock.
func (rec *Recorder) events(evs []runtime.Event) {
	rec.mu.Lock()
	defer rec.mu.Unlock()
	rec.dirty = true
	for k := range evs {
		rec.event(&evs[k])
	}
}

// event records one task event. Called with mu held.
func (rec *Recorder) event(ev *runtime.Event) {
	t := &rec.g.Tasks[ev.Task]
	gr := rec.groups[t.Group]
	rec.changed[t.Group] = true
	if !ev.State.Final() {
		if gr.Started.IsZero() {
			gr.Started = ev.Time
		}
		return
	}
	gr.Ended = ev.Time
	switch ev.State {
	case runtime.Success:
		gr.Done.Set(int(t.Index))
		if ev.Cached { // Lookup filed its result already
			gr.Counts.Cached++
			gr.Cached.Set(int(t.Index))
			return
		}
		gr.Counts.Success++
		if ev.Value != nil && rec.persist[t.Group] {
			rec.pending = append(rec.pending, pendingResult{gr.Name, max(int(t.Index), 0), ev.Value, ev.Task})
		}
	case runtime.Failed:
		gr.Counts.Failed++
		if ev.Err != nil {
			rec.failures = append(rec.failures, Failure{Key: ev.Err.Key.String(), Op: ev.Err.Op, Pos: ev.Err.Pos, Message: ev.Err.Message})
		}
	case runtime.Skipped:
		gr.Counts.Skipped++
	case runtime.Cancelled:
		gr.Counts.Cancelled++
	}
}

// Persisted adds values the executor gave only at the end (Dask's
// Result.Persisted), by task index of the recorder's graph.
func (rec *Recorder) Persisted(values map[int32]any) {
	rec.mu.Lock()
	defer rec.mu.Unlock()
	for i, v := range values {
		t := &rec.g.Tasks[i]
		rec.pending = append(rec.pending, pendingResult{rec.groups[t.Group].Name, max(int(t.Index), 0), v, i})
	}
	rec.dirty = true
}

// loop flushes until Finish, waiting flushEvery or, after a slow write,
// writeShare times as long as it took.
func (rec *Recorder) loop() {
	defer close(rec.done)
	wait := time.NewTimer(flushEvery)
	defer wait.Stop()
	for {
		select {
		case <-rec.stop:
			return
		case <-wait.C:
			start := time.Now()
			rec.flush(context.Background())
			wait.Reset(min(max(flushEvery, writeShare*time.Since(start)), maxFlushEvery))
		}
	}
}

// flush writes what changed since the last flush in one batch. A failed
// write keeps its batch for the next one, so nothing is lost to a store
// that was locked for a while.
func (rec *Recorder) flush(ctx context.Context) {
	b, pending, ok := rec.take()
	if !ok {
		return
	}
	carried := b.Results
	b.Results = slices.Clip(b.Results) // appending never writes into carried
	var skipped []error
	for _, p := range pending {
		v, err := Encode(p.value)
		if err != nil {
			skipped = append(skipped, fmt.Errorf("%s[%d]: %w", p.group, p.index, err))
			continue
		}
		b.Values = append(b.Values, v)
		b.Results = append(b.Results, Result{Group: p.group, Index: p.index, Hash: v.Hash})
		if p.task >= 0 {
			if addr, ok := rec.cacheAddress(p.task); ok {
				b.Cache = append(b.Cache, CacheEntry{Addr: addr, Hash: v.Hash})
			}
		}
	}
	err := rec.s.Write(ctx, b)
	rec.mu.Lock()
	defer rec.mu.Unlock()
	if err != nil {
		rec.failures = append(b.Failures, rec.failures...)
		rec.carry = append(carried, rec.carry...)
		rec.pending = append(pending, rec.pending...)
		rec.dirty, rec.all = true, true
	}
	rec.err = errors.Join(append(skipped, err)...)
}

// take moves what changed into a batch; false when nothing did.
func (rec *Recorder) take() (*Batch, []pendingResult, bool) {
	rec.mu.Lock()
	defer rec.mu.Unlock()
	if !rec.dirty {
		return nil, nil, false
	}
	b := &Batch{Run: rec.run.ID, Failures: rec.failures, Results: rec.carry, Now: time.Now()}
	if rec.all {
		for _, gr := range rec.byName {
			b.Groups = append(b.Groups, snapshot(gr))
		}
	} else {
		for gi, gr := range rec.groups {
			if rec.changed[gi] {
				b.Groups = append(b.Groups, snapshot(gr))
			}
		}
	}
	clear(rec.changed)
	pending := rec.pending
	rec.failures, rec.pending, rec.carry, rec.dirty, rec.all = nil, nil, nil, false, false
	return b, pending, true
}

// snapshot is a copy of gr that later events do not change.
func snapshot(gr *Group) Group {
	cp := *gr
	cp.Done = append(Bits(nil), gr.Done...)
	cp.Cached = append(Bits(nil), gr.Cached...)
	return cp
}

// Finish stops flushing, writes the rest and how the run ended. The error
// says what could not be recorded; the run itself is unaffected.
// ctx is the run's context: when it was cancelled the run was
// interrupted; the writes themselves outlive it.
func (rec *Recorder) Finish(ctx context.Context, res *runtime.Result, runErr error) error {
	state, msg := endState(ctx, res, runErr)
	ctx = context.WithoutCancel(ctx)
	close(rec.stop)
	<-rec.done
	if res != nil && res.Persisted != nil {
		rec.Persisted(res.Persisted)
	}
	if res != nil && res.ResumeInputs != nil && state != StateSuccess {
		rec.Persisted(storable(res.ResumeInputs)) // what a resume needs, stored once
	}
	rec.addOutputs(res)
	rec.flush(ctx)
	rec.run.Ended = time.Now()
	rec.run.State, rec.run.Error = state, msg
	if res != nil {
		rec.run.Executor = res.Executor
	}
	err := rec.s.Finish(ctx, rec.run)
	if err = errors.Join(rec.err, err); err != nil {
		return fmt.Errorf("the run store at %s did not take all of run %s: %w", rec.s.Location(), rec.run.ID, err)
	}
	return nil
}

// endState is a run's final state and error text.
func endState(ctx context.Context, res *runtime.Result, err error) (string, string) {
	switch {
	case ctx.Err() != nil:
		return StateInterrupted, "the run was cancelled"
	case err != nil:
		return StateFailed, err.Error()
	case res == nil:
		return StateFailed, "no result"
	case res.Err != nil:
		return StateFailed, res.Err.Error()
	case !res.OK():
		return StateFailed, fmt.Sprintf("%d failed, %d cancelled", res.Counts[runtime.Failed], res.Counts[runtime.Cancelled])
	}
	return StateSuccess, ""
}

// OutputGroup is the group name under which an output's value is stored.
func OutputGroup(name string) string { return "@output/" + name }

// addOutputs keeps the run's outputs: each value by content address (so a
// resume can reuse it) and as JSON for display.
func (rec *Recorder) addOutputs(res *runtime.Result) {
	if res == nil {
		return
	}
	rec.mu.Lock()
	defer rec.mu.Unlock()
	for _, o := range res.Outputs {
		out := Output{Name: o.Name, OK: o.OK && o.Refused == ""}
		if out.OK {
			if v, err := Encode(o.Value); err == nil {
				out.Hash, out.JSON = v.Hash, string(value.JSON(o.Value))
				rec.pending = append(rec.pending, pendingResult{OutputGroup(o.Name), 0, o.Value, -1})
			}
		}
		rec.run.Outputs = append(rec.run.Outputs, out)
	}
	rec.dirty = true
}
