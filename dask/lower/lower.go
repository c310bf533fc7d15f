// Package lower writes a compiled Graph as a Dask graph: a pickle of
// HighLevelGraph layers whose tasks call the operators' Python twins, with
// the Python of composite operators composed from their structure and
// expr-lang expressions translated to Python. It is the one place that
// knows how flowspec's tasks look to Dask; the dask package submits what it
// writes.
package lower

import (
	_ "embed"
	"fmt"
	"math"
	"sort"

	"github.com/flowspec/flowspec/compiler"
	"github.com/flowspec/flowspec/dask/wire"
	"github.com/flowspec/flowspec/operator"
)

// runtimeSource is the Python module with flowspec's task wrappers (each,
// call), shipped inside every graph that needs it.
//
//go:embed pickle_runtime.py
var runtimeSource string

// Form is how a scheduler wants its graph, which the dask package derives
// from the scheduler's distributed version (its update-graph dialect).
type Form struct {
	// Expr wraps the graph in a dask._expr.HLGExpr (distributed 2025.4.0
	// and later); otherwise in a distributed ToPickle.
	Expr bool
	// StringKeys writes tuple keys as their Python repr, for schedulers
	// that turn every key into a string (distributed before 2023.9.0).
	StringKeys bool
}

// Lowered is a compiled Graph written as a Dask graph pickle, ready for
// update-graph, with the Dask key of every task.
type Lowered struct {
	Pickle []byte
	Form   Form
	// Prefixes holds each group's Dask key prefix, "<group name>-<token>". A
	// mapped group's element i has the key (prefix, i); an unmapped group's
	// single task has the key prefix.
	Prefixes []string
	graph    *compiler.Graph
	folds    *folds
	sources  []string // the texts of the source data keys (sources.go)
}

// Stands reports whether task i's value on the cluster stands in for its
// value in the flow: a join a reduction tree merges holds summaries, not
// the list (fold.go), so it is no result to keep for a resume.
func (l *Lowered) Stands(i int) bool { return l.folds.join(int32(i)) }

// Hidden returns the keys of the graph that are no task's: the operators'
// sources (sources.go) and the batches' summaries of reduction trees
// (fold.go). The run's client wants them as it wants every task. A key
// nobody wants is released when its dependents fail, and a scheduler that
// releases a task running on one worker while removing another
// (distributed 2026.8 does, in remove_worker) never hands the freed slot to
// the tasks queued behind it: the run would wait forever for batches being
// recomputed after a worker died.
func (l *Lowered) Hidden() []wire.Key {
	out := make([]wire.Key, 0, len(l.sources))
	for _, src := range l.sources {
		out = append(out, wire.StrKey(srcKeyName(src)))
	}
	if l.folds == nil {
		return out
	}
	for _, c := range l.folds.layers() {
		for _, leaf := range c.leaves {
			out = append(out, l.formKey(summaryName(l.Prefixes, &l.graph.Tasks[leaf])))
		}
	}
	return out
}

// stringKey is the key (prefix, index) as a scheduler that stringifies keys
// names it: the tuple's Python repr.
func stringKey(prefix string, index int) string {
	return wire.TaskKey(prefix, index).String()
}

// WireKey returns task i's key as the scheduler names it.
func (l *Lowered) WireKey(i int) wire.Key { return l.formKey(l.Key(i)) }

// formKey returns the key (p, idx), or p alone when idx < 0, in l's form.
func (l *Lowered) formKey(p string, idx int) wire.Key {
	switch {
	case idx < 0:
		return wire.StrKey(p)
	case l.Form.StringKeys:
		return wire.StrKey(stringKey(p, idx))
	}
	return wire.TaskKey(p, idx)
}

// Key returns task i's Dask key as its prefix and element index; the index
// is -1 when the key is the prefix string alone.
func (l *Lowered) Key(i int) (string, int) {
	t := &l.graph.Tasks[i]
	if !l.graph.Groups[t.Group].Mapped {
		return l.Prefixes[t.Group], -1
	}
	return l.Prefixes[t.Group], int(t.Index)
}

// Lower writes g as a Dask graph pickle in form f, resolving operators in
// reg. It checks the whole graph first (every operator has a Python twin,
// every option can run on Dask, every expression translates to Python) and
// reports every problem with the task's position, so nothing unsupported
// reaches the scheduler. A graph in which two tasks would share a Dask key
// is refused as an internal error (see checkKeys).
//
// The pickle is a HighLevelGraph with one MaterializedLayer per group, named
// by the group's key prefix and annotated with the group's Dask options
// (priority, resources, workers), plus a layer holding the Python
// sources of the operators (see loaderSource); it is wrapped in a ToPickle
// or, with Form.Expr, a dask._expr.HLGExpr. Tasks use the legacy form (function, arg1, arg2, ...),
// which every supported version accepts. One pass over the tasks writes the
// pickle: no per-task objects are built.
func Lower(g *compiler.Graph, reg *operator.Registry, f Form) (*Lowered, error) {
	ops, exprs, err := check(g, reg)
	if err != nil {
		return nil, err
	}
	prefixes, deps := groupTokens(g)
	marked := Marked(g)
	names := make([]string, len(ops))
	for gi, op := range ops {
		names[gi] = op.Name
	}
	joins, held := findJoins(g, names, marked)
	fs := findFolds(g, ops, joins, marked)
	fs.retoken(g, prefixes)
	if err := checkKeys(g, prefixes); err != nil {
		return nil, err
	}
	w := newLowerer(g, ops, exprs, prefixes, f, marked)
	w.reg = reg
	w.joins, w.held, w.folds = joins, held, fs
	w.p.begin()
	if f.Expr {
		w.writeHLGExpr(deps)
	} else {
		w.p.global("distributed.protocol.serialize", "ToPickle")
		args := w.p.tuple()
		w.writeHLG(deps)
		args.close()
		w.p.reduce()
	}
	w.p.end()
	if w.err != nil {
		return nil, w.err
	}
	return &Lowered{Pickle: w.p.b, Form: f, Prefixes: prefixes, graph: g, folds: fs, sources: w.sources}, nil
}

func newLowerer(g *compiler.Graph, ops []*operator.Op, exprs map[string]string, prefixes []string, f Form, marked []bool) *lowerer {
	w := &lowerer{g: g, ops: ops, prefixes: prefixes, exprs: exprs, stringKeys: f.StringKeys}
	w.p.b = make([]byte, 0, 256+32*len(g.Tasks))
	w.keyNames = make(map[string]bool)
	for i, gr := range g.Groups {
		if !gr.Mapped {
			w.keyNames[prefixes[i]] = true
		}
	}
	w.marked = marked
	for i, m := range w.marked {
		if gr := g.GroupOf(i); m && !gr.Mapped {
			w.keyNames[prefixes[g.Tasks[i].Group]+outcomeSuffix] = true
		}
	}
	w.prefixMemo = make([]uint32, len(g.Groups))
	w.mark = make([]int32, len(g.Tasks))
	return w
}

// writeHLGExpr pushes Expr._reconstruct(HLGExpr, hlg, ...), which is how
// an HLGExpr pickles itself.
func (w *lowerer) writeHLGExpr(deps [][]int32) {
	p := &w.p
	p.global("dask._expr", "Expr._reconstruct")
	args := p.tuple()
	p.global("dask._expr", "HLGExpr")
	w.writeHLG(deps)
	p.none()              // low_level_optimizer
	p.emptyList()         // output_keys: [] spares the scheduler a leaf search
	p.none()              // postcompute
	p.none()              // _cached_optimized
	p.str(w.graphToken()) // the expression's deterministic token
	p.emptyDict()         // cached properties
	args.close()
	p.reduce()
}

// graphToken names the whole graph: its flow and its groups' keys.
func (w *lowerer) graphToken() string {
	h := newFNV()
	hashString(h, w.g.Flow)
	for _, p := range w.prefixes {
		hashString(h, p)
	}
	return fmt.Sprintf("flowspec-%016x", h.Sum64())
}

// lowerer holds the state of one pass over a Graph.
type lowerer struct {
	p        pickler
	g        *compiler.Graph
	ops      []*operator.Op // per group
	prefixes []string
	// keyNames holds the unmapped keys: a constant string equal to one would
	// be read by Dask as a reference, so such strings are escaped.
	keyNames   map[string]bool
	prefixMemo []uint32 // memo index + 1, 0 until written
	helperMemo map[string]uint32
	srcMemo    map[string]uint32 // source text -> memo of its data key
	nameMemo   map[string]uint32 // function name -> memo
	sources    []string          // in first-use order
	mark       []int32           // by task: the last task whose references include it, + 1
	stringKeys bool              // write tuple keys as their repr (Form.StringKeys)
	exprs      map[string]string // expr-lang source -> Python (lower_expr.go)
	reg        *operator.Registry
	joins      []int8            // by group: notJoin, partialJoin, wholeJoin (join.go)
	held       []bool            // by group: Each tasks whose results travel in a holder (join.go)
	batchMemo  map[string]string // operator name -> its Each tasks' source (eachSource)
	marked     []bool            // by task: runs as an outcome and a task key (outcome.go)
	folds      *folds            // reductions run as reduction trees (fold.go), nil when none
	outcomes   bool              // references are to outcome keys (inside an outcome task)
	items      *batcher          // the layer being written (markedTask adds a second entry)
	err        error
}

// writeHLG pushes HighLevelGraph(layers, dependencies).
func (w *lowerer) writeHLG(deps [][]int32) {
	p := &w.p
	p.global("dask.highlevelgraph", "HighLevelGraph")
	args := p.tuple()
	layers := p.dict()
	for gi := range w.g.Groups {
		layers.item()
		w.prefix(gi)
		w.writeLayer(gi)
	}
	w.writeTreeLayers(&layers)
	layers.item()
	p.str(srcLayer)
	w.writeSources()
	layers.done()
	depDict := p.dict()
	for gi := range w.g.Groups {
		depDict.item()
		w.prefix(gi)
		s := p.set()
		s.item()
		p.str(srcLayer)
		for _, d := range deps[gi] {
			s.item()
			w.prefix(int(d))
		}
		for _, c := range w.folds.readBy(w.g, gi) {
			s.item()
			p.str(w.treeLayer(c))
		}
		s.done()
	}
	w.treeLayerDeps(&depDict)
	depDict.item()
	p.str(srcLayer)
	p.emptySet()
	depDict.done()
	args.close()
	p.reduce()
}

// writeLayer pushes MaterializedLayer({key: task, ...}, annotations).
func (w *lowerer) writeLayer(gi int) {
	p := &w.p
	gr := w.g.Groups[gi]
	p.global("dask.highlevelgraph", "MaterializedLayer")
	args := p.tuple()
	tasks := p.dict()
	w.items = &tasks
	for i := gr.First; i < gr.First+gr.Size; i++ {
		tasks.item()
		if w.isMarked(int32(i)) {
			w.markedTask(int32(i))
			continue
		}
		w.key(int32(i))
		w.withAfter(int32(i))
	}
	tasks.done()
	w.annotations(&gr.Options)
	args.close()
	p.reduce()
}

// annotations pushes the group's Dask annotations, or None. Retries are
// never one: the task wrapper retries (see wrapped).
func (w *lowerer) annotations(o *compiler.Options) {
	p := &w.p
	if o.Priority == 0 && len(o.Resources) == 0 && len(o.Workers) == 0 {
		p.none()
		return
	}
	d := p.dict()
	if o.Priority != 0 {
		d.item()
		p.str("priority")
		p.int(int64(o.Priority))
	}
	if len(o.Resources) > 0 {
		d.item()
		p.str("resources")
		r := p.dict()
		for _, k := range sortedFloatKeys(o.Resources) {
			r.item()
			p.str(k)
			p.float(o.Resources[k])
		}
		r.done()
	}
	if len(o.Workers) > 0 {
		d.item()
		p.str("workers")
		l := p.list()
		for _, s := range o.Workers {
			l.item()
			p.str(s)
		}
		l.done()
		d.item()
		p.str("allow_other_workers")
		p.bool(false)
	}
	d.done()
}

// wrapped reports whether a group's tasks run inside the Python `call`
// wrapper: Dask has no `when:` and no timeouts, and its own retries (an
// annotation) say nothing to the client about a failed attempt, where the
// wrapper reports each attempt as the local executor does (see
// pickle_runtime.py's _report).
func wrapped(o *compiler.Options) bool {
	return o.When != nil || o.Timeout > 0 || o.Retries > 0
}

// Wrapped reports whether the tasks of a group with options o run inside
// the `call` wrapper, which reports each attempt's start (as marked tasks'
// outcome keys do, see Marked): the executor then times them from that
// report rather than from the scheduler's processing state, which also
// holds tasks still queued on a worker.
func Wrapped(o *compiler.Options) bool { return wrapped(o) }

// prefix pushes group gi's key prefix, memoized after its first use.
func (w *lowerer) prefix(gi int) {
	if m := w.prefixMemo[gi]; m > 0 {
		w.p.get(m - 1)
		return
	}
	w.p.str(w.prefixes[gi])
	w.prefixMemo[gi] = w.p.memoize() + 1
}

// key pushes task i's Dask key.
func (w *lowerer) key(i int32) {
	t := &w.g.Tasks[i]
	if w.stringKeys && w.g.Groups[t.Group].Mapped {
		w.p.str(stringKey(w.prefixes[t.Group], int(t.Index)))
		return
	}
	if !w.g.Groups[t.Group].Mapped {
		w.prefix(int(t.Group))
		return
	}
	key := w.p.tuple()
	w.prefix(int(t.Group))
	w.p.int(int64(t.Index))
	key.close()
}

// withAfter pushes task i, wrapped as (run, RT, "first", task, [keys...]) when it has
// ordering-only dependencies (`after:`, or any Deps entry its arguments do
// not reference): Dask then waits for those keys too, and `first` returns
// the task's own value.
func (w *lowerer) withAfter(i int32) {
	t := &w.g.Tasks[i]
	if len(t.Deps) == 0 {
		w.task(i)
		return
	}
	stamp := i + 1
	for j := range t.Args {
		w.markRefs(&t.Args[j], stamp)
	}
	extra := 0
	for _, d := range t.Deps {
		if w.mark[d] != stamp {
			extra++
		}
	}
	if extra == 0 {
		w.task(i)
		return
	}
	p := &w.p
	first := p.tuple()
	w.runHead(runtimeSource, "first")
	w.task(i)
	l := p.list()
	for _, d := range t.Deps {
		if w.mark[d] != stamp {
			w.mark[d] = stamp // once per key
			l.item()
			w.key(d)
		}
	}
	l.done()
	first.close()
}

// markRefs stamps every task a references.
func (w *lowerer) markRefs(a *compiler.Arg, stamp int32) {
	if a.Kind == compiler.Ref {
		w.mark[a.Ref] = stamp
	}
	for j := range a.Items {
		w.markRefs(&a.Items[j], stamp)
	}
}

// task pushes task i. Operators are named by their source's data key and
// their name (see runHead and fnRef):
//
//	(run, OP, name, args...)                          a task
//	(run, RT, "each", (load, OP, name), spread, args...)  an Each task
//	(run, RT, "call", FN, when, timeout, retries, delay, backoff, ...)
//	                                                  either, wrapped
//
// where OP and RT are the data keys of the operator's and the runtime
// module's source, and FN is (load, OP, name) or (load, RT, "each").
// wrapperArgs pushes what the runtime's call wrapper (and the outcome
// wrapper of a trigger-read task) takes before the task's own arguments:
// the function, the when: condition, the timeout and the retry settings.
func (w *lowerer) wrapperArgs(t *compiler.Task, o *compiler.Options, op *operator.Op) {
	if t.Each {
		w.fnRef(w.eachSource(op, w.held[t.Group]))
	} else {
		w.fnRef(op.Python, op.Name)
	}
	if o.When != nil {
		w.arg(o.When)
	} else {
		w.p.bool(true)
	}
	w.p.float(o.Timeout.Seconds())
	w.p.int(int64(o.Retries))
	w.p.float(o.RetryDelay.Seconds())
	w.p.float(math.Max(o.Backoff, 1))
}

func (w *lowerer) task(i int32) {
	if w.folds.join(i) {
		w.foldJoin(i)
		return
	}
	if c := w.folds.tree(i); c != nil {
		w.foldFinish(c)
		return
	}
	t := &w.g.Tasks[i]
	o := &w.g.Groups[t.Group].Options
	op := w.ops[t.Group]
	p := &w.p
	tt := p.tuple()
	switch {
	case wrapped(o):
		w.runHead(runtimeSource, "call")
		w.wrapperArgs(t, o, op)
	case t.Each:
		w.runHead(w.eachSource(op, w.held[t.Group]))
	case w.joins[t.Group] != notJoin:
		w.runHead(runtimeSource, "join")
		w.arg(&t.Args[0])
		p.bool(w.joins[t.Group] == wholeJoin)
		tt.close()
		return
	default:
		w.runHead(op.Python, op.Name)
	}
	w.taskArgs(i)
	tt.close()
}

// taskArgs pushes task i's arguments, after the operator and the spread
// parameters' names for an Each task.
func (w *lowerer) taskArgs(i int32) {
	t := &w.g.Tasks[i]
	op := w.ops[t.Group]
	p := &w.p
	if t.Each {
		w.fnRef(op.Python, op.Name)
		spread := p.tuple()
		for j := range t.Args {
			if t.Args[j].Spread {
				w.str(op.Params[j].Name)
			} else {
				p.none()
			}
		}
		spread.close()
	}
	for j := range t.Args {
		if j == 0 && op.Name == exprOp {
			w.str(w.exprs[t.Args[0].Value.(string)])
			continue
		}
		if t.Each {
			w.spreadArg(&t.Args[j])
			continue
		}
		w.arg(&t.Args[j])
	}
}

func sortedFloatKeys(m map[string]float64) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}
