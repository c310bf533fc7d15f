package dask

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"time"

	"github.com/flowspec/flowspec/compiler"
	"github.com/flowspec/flowspec/dask/client"
	"github.com/flowspec/flowspec/dask/lower"
	"github.com/flowspec/flowspec/dask/wire"
	"github.com/flowspec/flowspec/runtime"
	"github.com/flowspec/flowspec/value"
)

// daskRun is one run's connection state.
type daskRun struct {
	c        *client.Client
	g        *compiler.Graph
	l        *lower.Lowered
	dialect  wire.Dialect
	tr       *tracker
	timeout  time.Duration
	keys     []wire.Key
	groups   map[string]int32   // key prefix -> group
	index    map[wire.Key]int32 // only for groups whose elements are out of order
	memLimit *int64             // the workers' memory limit, once asked (workerMemory)
	notice   func(string)       // Executor.Notice
	lost     bool               // a lost worker was noticed
}

// run submits the graph, follows its events until every task is final,
// and gathers the outputs' values.
func (r *daskRun) run(ctx context.Context) (map[int32]any, error) {
	if err := r.makeKeys(); err != nil {
		return nil, err
	}
	r.tr.explainKilled = func(i int32) string {
		return killedWorkerMessage(r.g, i, r.workerMemory(ctx))
	}
	s, err := r.c.Start(ctx, clientID(r.g.Flow))
	if err != nil {
		// The client reached the scheduler before: one that refuses the
		// run's stream now went away (a Gateway cluster stopped, say).
		r.tr.cancelRest()
		return nil, lost(ctx, err)
	}
	defer s.Close()
	if r.tr.observed() {
		if err := s.Subscribe(ctx, attemptsTopic); err != nil {
			return nil, r.stop(ctx, s, lost(ctx, err))
		}
	}
	if err := s.UpdateGraph(ctx, r.l.Pickle, append(r.keys[:len(r.keys):len(r.keys)], r.l.Hidden()...), r.dialect); err != nil {
		return nil, r.stop(ctx, s, lost(ctx, err))
	}
	if err := r.follow(ctx, s); err != nil {
		return r.salvage(ctx), err
	}
	values, err := r.gather(ctx)
	if err != nil {
		return nil, r.stop(ctx, s, lost(ctx, err))
	}
	return values, nil
}

// makeKeys builds every task's wire key and what taskOf needs to map keys
// back to tasks: the prefix of each group, since element i of a mapped group
// is task First+i (the compiler's layout), with a map for any group where it
// is not (and for every mapped key on schedulers that stringify keys). It
// then checks that each key leads back to its own task: a task no report
// can reach would keep the run waiting forever, so such a graph is refused
// before anything is submitted.
func (r *daskRun) makeKeys() error {
	n := len(r.g.Tasks)
	r.keys = make([]wire.Key, n)
	r.groups = make(map[string]int32, len(r.g.Groups))
	for gi, p := range r.l.Prefixes {
		r.groups[p] = int32(gi)
	}
	for i := 0; i < n; i++ {
		k := r.l.WireKey(i)
		if _, idx := r.l.Key(i); idx >= 0 {
			if gr := r.g.GroupOf(i); gr.First+idx != i || r.dialect.StringKeys() {
				if r.index == nil {
					r.index = map[wire.Key]int32{}
				}
				r.index[k] = int32(i)
			}
		}
		r.keys[i] = k
	}
	for i, k := range r.keys {
		if j, ok := r.taskOf(k); !ok || int(j) != i {
			return fmt.Errorf("%s: internal error: task %s has the Dask key %s, which does not lead back to it, so the run would wait for it forever; nothing was submitted. This is a flowspec bug: please report it with the flow; `--executor local` runs the flow meanwhile",
				r.g.GroupOf(i).Range, r.g.Key(i), k)
		}
	}
	return nil
}

// taskOf returns the task whose key is k; ok is false for keys that are not
// this run's.
func (r *daskRun) taskOf(k wire.Key) (int32, bool) {
	if i, ok := r.index[k]; ok {
		return i, true
	}
	var prefix string
	idx := int64(-1)
	switch v := k.Value().(type) {
	case string:
		prefix = v
	case []any:
		if len(v) != 2 {
			return 0, false
		}
		prefix, _ = v[0].(string)
		idx, _ = v[1].(int64)
	}
	gi, ok := r.groups[prefix]
	if !ok {
		return 0, false
	}
	gr := r.g.Groups[gi]
	switch {
	case !gr.Mapped && idx == -1:
		return int32(gr.First), true
	case gr.Mapped && idx >= 0 && idx < int64(gr.Size) && int(r.g.Tasks[gr.First+int(idx)].Index) == int(idx):
		return int32(gr.First + int(idx)), true
	}
	return 0, false
}

// follow handles stream events until every task is final. When no event
// arrives for the dial timeout it asks the scheduler for its versions, so a
// scheduler that vanished without closing the connection is noticed. Workers
// that leave or join meanwhile are noticed by watchWorkers.
func (r *daskRun) follow(ctx context.Context, s *client.Stream) error {
	tick := time.NewTicker(r.timeout)
	defer tick.Stop()
	workers, stopWatch := r.watchWorkers(ctx)
	defer stopWatch()
	processing, stopPoll := r.watchProcessing(ctx)
	defer stopPoll()
	quiet := false
	for !r.tr.done() {
		select {
		case <-ctx.Done():
			return r.stop(ctx, s, ctx.Err())
		case ch, ok := <-workers:
			if !ok {
				workers = nil // the watch ended; a nil channel is never ready
				continue
			}
			r.workerChanged(ch)
		case keys := <-processing:
			r.processing(keys)
		case ev, ok := <-s.Events():
			if !ok {
				ev = client.StreamClosed{Err: fmt.Errorf("the event stream from Dask scheduler %s ended", r.c.Address())}
			}
			if err := r.handle(ev); err != nil {
				r.tr.cancelRest()
				return err
			}
			quiet = false
		case <-tick.C:
			if quiet {
				if _, err := r.c.Versions(ctx); err != nil {
					if ctx.Err() != nil {
						return r.stop(ctx, s, ctx.Err())
					}
					r.tr.cancelRest()
					return &lostError{err}
				}
			}
			quiet = true
		}
	}
	return nil
}

// handle applies one event to the tracker; an error ends the run.
func (r *daskRun) handle(ev client.StreamEvent) error {
	switch ev := ev.(type) {
	case client.KeyInMemory:
		if i, ok := r.taskOf(ev.Key); ok {
			r.tr.success(i)
		}
	case client.TaskErred:
		if i, ok := r.taskOf(ev.Key); ok {
			r.tr.erred(i, ev.Class, ev.Message)
		}
	case client.CancelledKeys:
		var is []int32
		for _, k := range ev.Keys {
			if i, ok := r.taskOf(k); ok {
				is = append(is, i)
			}
		}
		r.tr.cancelled(is)
	case client.Restarted:
		return fmt.Errorf("the Dask cluster at %s restarted during the run, forgetting its tasks", r.c.Address())
	case client.StreamClosed:
		if ev.Err == nil {
			ev.Err = errors.New("the event stream closed")
		}
		return &lostError{ev.Err}
	case client.LostData:
		r.lostWorker(ev.Key)
	case client.TopicEvent:
		r.attempt(ev)
	}
	return nil
}

// lostWorker says, once per run, that a worker died holding results of the
// run: the scheduler recomputes them on the remaining workers and reports
// them again, so the run goes on, but the user should know why it is slower
// (and that a worker is gone).
func (r *daskRun) lostWorker(k wire.Key) {
	i, ok := r.taskOf(k)
	if r.lost || r.notice == nil || !ok {
		return // a hidden key (Lowered.Hidden) names no task: the batch it summarizes is lost too, or still held
	}
	r.lost = true
	r.notice(fmt.Sprintf("a Dask worker was lost during the run, with results such as %s; Dask recomputes them on the remaining workers (the worker's log says why it died)", r.g.Key(int(i))))
}

// gather fetches the values of the succeeded tasks the outputs read and
// of those marked persist: true (for the run store), then, best effort,
// those a resume needs (resumeGather).
func (r *daskRun) gather(ctx context.Context) (map[int32]any, error) {
	var keys []wire.Key
	seen := map[int32]bool{}
	for _, i := range append(outputTasks(r.g), persistTasks(r.g)...) {
		if r.tr.state[i] == runtime.Success && !seen[i] {
			seen[i] = true
			keys = append(keys, r.keys[i])
		}
	}
	values := make(map[int32]any, len(keys))
	if len(keys) == 0 {
		r.resumeGather(ctx, values)
		return values, nil
	}
	got, err := r.c.Gather(ctx, keys)
	var notPlain *wire.NotPlainError
	if errors.As(err, &notPlain) {
		got, err = r.gatherEach(ctx, keys)
	}
	if err != nil {
		return nil, err
	}
	for k, v := range got {
		if i, ok := r.taskOf(k); ok {
			values[i] = v
		}
	}
	r.resumeGather(ctx, values)
	return values, nil
}

// resumeGather adds to values, best effort, the results a resume needs
// that values lacks: every key is held by this client until the run ends,
// so the results a failed element read are still on the workers, unless a
// worker holding them died (then a resume runs their tasks again).
func (r *daskRun) resumeGather(ctx context.Context, values map[int32]any) {
	var keys []wire.Key
	for _, i := range r.resumeInputs() {
		// A join that a reduction tree merges holds summaries: the resume
		// recomputes it (lower.Lowered.Stands).
		if _, ok := values[i]; !ok && !r.l.Stands(int(i)) {
			keys = append(keys, r.keys[i])
		}
	}
	if len(keys) == 0 {
		return
	}
	got, err := r.c.Gather(ctx, keys)
	var notPlain *wire.NotPlainError
	if errors.As(err, &notPlain) {
		got, err = r.gatherEach(ctx, keys)
	}
	if err != nil {
		return
	}
	for k, v := range got {
		if i, ok := r.taskOf(k); ok {
			values[i] = v
		}
	}
}

// salvage gathers, from a cancelled run, what a resume of it needs while
// the cluster still holds it (this client releases its keys only when the
// run ends), bounded by the timeout since ctx is done; empty when it cannot.
func (r *daskRun) salvage(ctx context.Context) map[int32]any {
	if ctx.Err() == nil {
		return nil // the scheduler was lost: it holds nothing to gather
	}
	cctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), r.timeout)
	defer cancel()
	values := map[int32]any{}
	r.resumeGather(cctx, values)
	return values
}

// resumeInputs lists the tasks whose results a resume of this run needs
// (runtime.ResumeInputs).
func (r *daskRun) resumeInputs() []int32 {
	return runtime.ResumeInputs(r.g, func(i int32) runtime.State { return r.tr.state[i] })
}

// gatherEach gathers keys one by one when some value is a Python object:
// that value becomes a value.Opaque naming its type, which the result
// refuses as an output the way the local executor does.
func (r *daskRun) gatherEach(ctx context.Context, keys []wire.Key) (map[wire.Key]any, error) {
	out := make(map[wire.Key]any, len(keys))
	for _, k := range keys {
		got, err := r.c.Gather(ctx, []wire.Key{k})
		var notPlain *wire.NotPlainError
		switch {
		case errors.As(err, &notPlain):
			out[k] = value.Opaque{Type: pythonType(notPlain.Value)}
		case err != nil:
			return nil, err
		default:
			out[k] = got[k]
		}
	}
	return out, nil
}

// stop ends a run early because of err: it cancels the run's unfinished
// keys on the cluster (bounded by the timeout, since ctx may be done) and
// marks the unfinished tasks Cancelled. The deferred Stream.Close then
// releases every key. The hidden keys (Lowered.Hidden) are not cancelled:
// the scheduler cancels a key's dependents with it, and every task depends
// on a source key, finished ones too, whose results a resume gathers.
func (r *daskRun) stop(ctx context.Context, s *client.Stream, err error) error {
	var keys []wire.Key
	for _, i := range r.tr.unfinished() {
		keys = append(keys, r.keys[i])
	}
	cctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), r.timeout)
	defer cancel()
	_ = s.CancelKeys(cctx, keys, "flowspec run cancelled") // best effort: the stream may be gone
	r.tr.cancelRest()
	return err
}

// clientID names the run's client on the scheduler and its dashboard.
func clientID(flow string) string {
	var b [8]byte
	_, _ = rand.Read(b[:])
	return "flowspec-" + flow + "-" + hex.EncodeToString(b[:])
}
