package store

import (
	"cmp"
	"context"
	"fmt"
	"slices"
	"strconv"
	"time"

	"github.com/flowspec/flowspec/compiler"
	"github.com/flowspec/flowspec/compiler/optimize"
	"github.com/flowspec/flowspec/runtime"
)

// RuntimeCached lists the tasks of g's cache: groups whose arguments come
// from upstream results, so they can be looked up only once those exist.
func RuntimeCached(g *compiler.Graph) []int32 {
	var out []int32
	for _, grp := range g.Groups {
		if grp.Cache == nil {
			continue
		}
		for i := grp.First; i < grp.First+grp.Size; i++ {
			if _, ok := CacheAddress(g, i); !ok && !g.Tasks[i].Each {
				out = append(out, int32(i))
			}
		}
	}
	return out
}

// Staged returns ex (an executor that takes a graph whole, Dask, where an
// element cannot be looked up as it is about to run) running each graph
// with runtime-cached elements in two stages (see RunStaged); other
// graphs run as ex runs them. notice is told when a run stops after its
// first stage.
func Staged(ex runtime.Executor, rec *Recorder, notice func(string)) runtime.Executor {
	return &stagedExecutor{ex: ex, rec: rec, notice: notice}
}

type stagedExecutor struct {
	ex     runtime.Executor
	rec    *Recorder
	notice func(string)
}

// Name is the executor's name.
func (e *stagedExecutor) Name() string { return e.ex.Name() }

// Run runs g in two stages when it has runtime-cached elements.
func (e *stagedExecutor) Run(ctx context.Context, g *compiler.Graph, sink runtime.Sink) (*runtime.Result, error) {
	if len(RuntimeCached(g)) == 0 {
		return e.ex.Run(ctx, g, sink)
	}
	res, err := RunStaged(ctx, g, e.ex, sink, e.rec)
	if err == nil && res != nil && res.Err != nil && e.notice != nil {
		e.notice(res.Err.Error())
	}
	return res, err
}

// RunStaged runs g on an executor that takes a graph whole (Dask), where
// an element cannot be looked up as it is about to run: first the tasks
// that the runtime-cached elements' arguments need (RuntimeCached), then,
// having looked those elements up by the arguments the first stage gave
// (rec.Lookup), the rest of g without the hits, which are never
// submitted. The first stage's results that the rest reads reach it as
// constants. Events and the Result are g's, as if one run had run it.
// When the first stage does not succeed, the rest is not submitted: its
// tasks end Cancelled and the Result's Err says why (a resume finishes it).
func RunStaged(ctx context.Context, g *compiler.Graph, ex runtime.Executor, sink runtime.Sink, rec *Recorder) (*runtime.Result, error) {
	s := &staged{g: g, name: ex.Name(), sink: sink, batches: runtime.BatchesFrom(ctx), state: make([]runtime.State, len(g.Tasks)), values: map[int32]any{}}
	up := s.upstream(RuntimeCached(g))
	r1, err := s.stage(ctx, ex, up, nil, true)
	switch {
	case err != nil && r1 == nil:
		return nil, err
	case err != nil || ctx.Err() != nil:
		err = cmp.Or(err, ctx.Err())
		return s.stop(r1, err), err
	}
	if why := s.incomplete(r1); why != "" {
		return s.stop(r1, fmt.Errorf("%s, so the rest of the run was not submitted (%s takes the graph whole, so cache: elements whose arguments come from upstream results are looked up between two submissions); resuming the run finishes it", why, s.name)), nil
	}
	hits := s.lookup(rec)
	drop := append([]bool(nil), up...)
	for i := range hits {
		drop[i] = true
	}
	r2, err := s.stage(ctx, ex, drop, hits, false)
	if r2 == nil {
		return r2, err
	}
	return s.merge(r1, r2, len(hits)), err
}

// staged is RunStaged's state, by task of g.
type staged struct {
	g    *compiler.Graph
	name string // the executor's
	sink runtime.Sink
	// batches is the Recorder's (runtime.WithBatches), given the stages'
	// events renumbered to g's tasks
	batches runtime.Batches
	state   []runtime.State
	values  map[int32]any // the first stage's results that the rest reads
}

// upstream marks the tasks that tasks read, directly or not.
func (s *staged) upstream(tasks []int32) []bool {
	up := make([]bool, len(s.g.Tasks))
	for _, i := range tasks {
		for _, d := range s.g.Tasks[i].Deps {
			up[d] = true
		}
	}
	for i := len(up) - 1; i >= 0; i-- {
		if up[i] {
			for _, d := range s.g.Tasks[i].Deps {
				up[d] = true
			}
		}
	}
	return up
}

// stage runs one part of g: the tasks up (first) marks, or those drop
// does not, with extra values preloaded. The first stage's outputs are the
// results of its tasks that the rest reads.
func (s *staged) stage(ctx context.Context, ex runtime.Executor, mark []bool, extra map[int32]any, first bool) (*runtime.Result, error) {
	part := *s.g
	drop := mark
	values := extra
	if first {
		drop = make([]bool, len(mark))
		for i := range mark {
			drop[i] = !mark[i]
		}
		part.Outputs = s.readOutside(mark)
	} else {
		values = map[int32]any{}
		for i, v := range s.values {
			values[i] = v
		}
		for i, v := range extra {
			values[i] = v
		}
	}
	var kept []int32
	for i := range drop {
		if !drop[i] {
			kept = append(kept, int32(i))
		}
	}
	pg := optimize.Preload(&part, drop, values, nil)
	if s.batches != nil {
		// Successes would carry part's groups: every event goes to batches.
		ctx = runtime.WithSuccesses(ctx, nil)
		ctx = runtime.WithBatches(ctx, func(evs []runtime.Event) {
			out := make([]runtime.Event, len(evs))
			for k, ev := range evs {
				ev.Task = kept[ev.Task]
				out[k] = ev
			}
			s.batches(out)
		})
	}
	res, err := ex.Run(ctx, pg, func(ev runtime.Event) {
		ev.Task = kept[ev.Task]
		if ev.State.Final() {
			s.state[ev.Task] = ev.State
		}
		if s.sink != nil {
			s.sink(ev)
		}
	})
	if res != nil {
		res.Persisted = remap(res.Persisted, kept)
		res.ResumeInputs = remap(res.ResumeInputs, kept)
	}
	if first && res != nil {
		res.Errors = slices.DeleteFunc(res.Errors, func(e *runtime.TaskError) bool { return e.Op == "output" })
		res.Refused = 0 // its outputs are internal: incomplete says why one is missing
		for _, o := range res.Outputs {
			if o.OK {
				i, _ := strconv.Atoi(o.Name)
				s.values[int32(i)] = o.Value
			}
		}
	}
	return res, err
}

// readOutside is one output per task up marks that a task it does not
// mark, or an output, reads: named by the task's index in g.
func (s *staged) readOutside(up []bool) []compiler.Output {
	need := map[int32]bool{}
	var add func(a *compiler.Arg)
	add = func(a *compiler.Arg) {
		if a.Kind == compiler.Ref && up[a.Ref] {
			need[a.Ref] = true
		}
		for k := range a.Items {
			add(&a.Items[k])
		}
	}
	for i := range s.g.Tasks {
		if !up[i] {
			for k := range s.g.Tasks[i].Args {
				add(&s.g.Tasks[i].Args[k])
			}
			if w := s.g.GroupOf(i).Options.When; w != nil {
				add(w)
			}
		}
	}
	for k := range s.g.Outputs {
		add(&s.g.Outputs[k].Value)
	}
	var out []compiler.Output
	for i := range s.g.Tasks {
		if need[int32(i)] {
			out = append(out, compiler.Output{Name: strconv.Itoa(i), Value: compiler.Arg{Kind: compiler.Ref, Ref: int32(i)}})
		}
	}
	return out
}

// lookup asks the cache for each runtime-cached element, with the
// arguments the first stage gave, and reports the hits as cached
// successes.
func (s *staged) lookup(rec *Recorder) map[int32]any {
	hits := map[int32]any{}
	for _, i := range RuntimeCached(s.g) {
		t := &s.g.Tasks[i]
		args := make([]any, len(t.Args))
		for k := range t.Args {
			args[k] = s.resolve(&t.Args[k])
		}
		if v, ok := rec.Lookup(i, args); ok {
			hits[i] = v
			s.state[i] = runtime.Success
			s.emit(runtime.Event{Task: i, State: runtime.Success, Attempt: 1, Value: v, Cached: true, Time: time.Now()})
		}
	}
	return hits
}

// emit gives an event of g's to the sink and the Recorder.
func (s *staged) emit(ev runtime.Event) {
	if s.sink != nil {
		s.sink(ev)
	}
	if s.batches != nil {
		s.batches([]runtime.Event{ev})
	}
}

// resolve is a's value from constants and the first stage's results.
func (s *staged) resolve(a *compiler.Arg) any {
	switch a.Kind {
	case compiler.Ref:
		return s.values[a.Ref]
	case compiler.List:
		l := make([]any, len(a.Items))
		for k := range a.Items {
			l[k] = s.resolve(&a.Items[k])
		}
		return l
	case compiler.Map:
		m := make(map[string]any, len(a.Items))
		for k := range a.Items {
			m[a.Names[k]] = s.resolve(&a.Items[k])
		}
		return m
	}
	return a.Value
}

// incomplete says why the first stage cannot feed the rest ("" when it
// can): a result the rest reads is missing, or is a Python object, which
// cannot leave the cluster and come back as a constant.
func (s *staged) incomplete(r1 *runtime.Result) string {
	for _, o := range r1.Outputs {
		i, _ := strconv.Atoi(o.Name)
		key := s.g.Key(i).String()
		switch {
		case o.Refused != "":
			return fmt.Sprintf("%s returned a Python object, which cannot be handed from one submission to the next: return plain data from it, or drop cache: from the tasks that read it", key)
		case !o.OK:
			return fmt.Sprintf("%s, which cache: elements or what follows them read, did not succeed", key)
		}
	}
	return ""
}

// stop ends a run after its first stage: every other task ends Cancelled,
// unsubmitted, and the Result's Err is why.
func (s *staged) stop(r1 *runtime.Result, why error) *runtime.Result {
	for i := range s.state {
		if !s.state[i].Final() {
			s.state[i] = runtime.Cancelled
			r1.Counts[runtime.Cancelled]++
			s.emit(runtime.Event{Task: int32(i), State: runtime.Cancelled, Time: time.Now()})
		}
	}
	r1.Outputs = nil
	for _, o := range s.g.Outputs {
		r1.Outputs = append(r1.Outputs, runtime.NamedValue{Name: o.Name})
	}
	r1.ResumeInputs = s.resumeInputs(nil)
	r1.Err = why
	return r1
}

// merge is the Result of the whole run from its two stages' and the hits.
func (s *staged) merge(r1, r2 *runtime.Result, hits int) *runtime.Result {
	out := *r2
	for st := range out.Counts {
		out.Counts[st] += r1.Counts[st]
	}
	out.Counts[runtime.Success] += hits
	out.Errors = append(append([]*runtime.TaskError(nil), r1.Errors...), r2.Errors...)
	out.Wall += r1.Wall
	out.Persisted = remapMerge(r1.Persisted, r2.Persisted)
	out.ResumeInputs = s.resumeInputs(r2.ResumeInputs)
	return &out
}

// resumeInputs is runtime.ResumeInputs over the whole run, with values
// from the first stage and from the second's (more) given.
func (s *staged) resumeInputs(more map[int32]any) map[int32]any {
	var out map[int32]any
	for _, i := range runtime.ResumeInputs(s.g, func(t int32) runtime.State { return s.state[t] }) {
		v, ok := s.values[i]
		if !ok {
			v, ok = more[i]
		}
		if ok {
			if out == nil {
				out = map[int32]any{}
			}
			out[i] = v
		}
	}
	return out
}

// remap renames a stage's task indices to g's.
func remap(m map[int32]any, kept []int32) map[int32]any {
	if m == nil {
		return nil
	}
	out := make(map[int32]any, len(m))
	for i, v := range m {
		out[kept[i]] = v
	}
	return out
}

// remapMerge joins two maps already in g's indices.
func remapMerge(a, b map[int32]any) map[int32]any {
	if a == nil {
		return b
	}
	for i, v := range b {
		a[i] = v
	}
	return a
}
