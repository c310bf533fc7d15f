package lower

import (
	_ "embed"
	"fmt"
	"sync"

	"github.com/flowspec/flowspec/builtins"
	"github.com/flowspec/flowspec/compiler"
	"github.com/flowspec/flowspec/operator"
)

// Fold chains: a built-in reduction (sum, mean, count, min, max, first,
// last) over a join of batches would otherwise gather every batch's
// elements on one worker. Instead it runs as a chain, one step per batch:
//
//	done key  (batch prefix~done, b):     (run, FOLD, "fold_done", batch b)
//	step key  (reduction prefix~fold, k): (run, FOLD, "fold_step", op, step k-1 or None, batch k)
//
// in a layer of their own per chain (reduction prefix~fold), and
//	join and its tree partials:        (run, FOLD, "fold_joined", [done keys or partials])
//	reduction:                         (run, FOLD, "fold_finish", last step, join)
//
// Dask places each step where its batch is (the batch outweighs the state),
// so only the small state moves between workers. A step folds its batch as
// the twin's sequential loop would, taking a C-speed path only where a check
// over the batch proves it identical (fold.py), so values and messages are
// the unoptimized run's.
//
// The join keys stay, as cheap tasks that wait for the batches through their
// done keys, so the executor sees every task of the graph succeed or fail
// as without the chain: a failed batch errs its done key, hence its
// partial, the join and the reduction, which the executor reports as
// skipped behind the batch. A step never raises: it carries the reduction's
// error in its state and fold_finish raises it, after the join has
// succeeded, so the reduction alone fails, with the twin's message.

//go:embed fold.py
var foldPython string

// foldSource is the fold chain's module: the sum twin (the prelude's
// checks and messages, and sum) followed by fold.py.
var foldSource = sync.OnceValue(func() string {
	sum, _ := builtins.Default().Lookup("sum")
	return sum.Python + foldPython
})

// foldOps are the reductions a chain computes, each from one pass in list
// order (fold.py).
var foldOps = map[string]bool{"sum": true, "mean": true, "count": true, "min": true, "max": true, "first": true, "last": true}

// Key suffixes of a chain's extra keys; group prefixes end in a hex token,
// so no prefix ends in either.
const (
	doneSuffix = "~done"
	stepSuffix = "~fold"
)

// foldChain is one reduction run as a fold chain.
type foldChain struct {
	reduce int32   // the reduction task
	join   int32   // the join it reads
	op     string  // the reduction's operator
	leaves []int32 // the batches, in list order
	done   bool    // its layer holds the batches' done keys (the join's first chain)
}

// folds is what the lowering needs of the chains, by task.
type folds struct {
	chains     []*foldChain // in graph order
	byReduce   map[int32]*foldChain
	leaves     map[int32]bool              // the batches chains read
	joins      map[int32]bool              // the joins and partials that only wait
	joinGroups map[*foldChain]map[int]bool // the groups of each chain's joins
}

// findFolds picks the reductions that run as fold chains: a built-in
// foldable operator, neither wrapped nor marked, reading (alone, as its
// one argument) a join that only such reductions read, whose partials lead
// to batches of one group. Several reductions of one join each get a
// chain over the same batches. nil when there is none.
func findFolds(g *compiler.Graph, ops []*operator.Op, joins []int8, marked []bool) *folds {
	byJoin := map[int32][]*foldChain{}
	var order []int32
	for gi := range g.Groups {
		if c, ok := foldCandidate(g, gi, ops[gi], joins, marked); ok {
			if byJoin[c.join] == nil {
				order = append(order, c.join)
			}
			byJoin[c.join] = append(byJoin[c.join], c)
		}
	}
	if order == nil {
		return nil
	}
	readers := refCounts(g)
	f := &folds{byReduce: map[int32]*foldChain{}, leaves: map[int32]bool{}, joins: map[int32]bool{}, joinGroups: map[*foldChain]map[int]bool{}}
	for _, j := range order {
		cs := byJoin[j]
		var leaves, parts []int32
		if int(readers[j]) != len(cs) || !foldLeaves(g, joins, marked, readers, j, &leaves, &parts) {
			continue
		}
		groups := map[int]bool{}
		for _, p := range parts {
			f.joins[p] = true
			groups[int(g.Tasks[p].Group)] = true
		}
		for _, leaf := range leaves {
			f.leaves[leaf] = true
		}
		for k, c := range cs {
			c.leaves, c.done = leaves, k == 0
			f.chains = append(f.chains, c)
			f.byReduce[c.reduce] = c
			f.joinGroups[c] = groups
		}
	}
	if len(f.chains) == 0 {
		return nil
	}
	return f
}

// foldCandidate reports whether group gi is a reduction a chain may
// compute, before its join is looked at.
func foldCandidate(g *compiler.Graph, gi int, op *operator.Op, joins []int8, marked []bool) (*foldChain, bool) {
	gr := g.Groups[gi]
	if gr.Mapped || gr.Size != 1 || !foldOps[op.Name] || op.Foreign || wrapped(&gr.Options) || hasMarked(gr, marked) {
		return nil, false
	}
	if b, ok := builtins.Default().Lookup(op.Name); !ok || b.Python != op.Python {
		return nil, false
	}
	t := &g.Tasks[gr.First]
	if t.Each || len(t.Args) != 1 || t.Args[0].Kind != compiler.Ref {
		return nil, false
	}
	j := t.Args[0].Ref
	if joins[g.Tasks[j].Group] != wholeJoin {
		return nil, false
	}
	return &foldChain{reduce: int32(gr.First), join: j, op: op.Name}, true
}

// foldLeaves collects the batches under join j in list order into leaves
// and the joins on the way into parts; false when a partial is read by more
// than its join, a task is marked or the batches are not of one group.
func foldLeaves(g *compiler.Graph, joins []int8, marked []bool, readers []int32, j int32, leaves, parts *[]int32) bool {
	*parts = append(*parts, j)
	for _, it := range g.Tasks[j].Args[0].Items {
		s := it.Ref
		switch {
		case marked != nil && marked[s]:
			return false
		case joins[g.Tasks[s].Group] == partialJoin:
			if readers[s] != 1 || !foldLeaves(g, joins, marked, readers, s, leaves, parts) {
				return false
			}
		case g.Tasks[s].Each:
			if len(*leaves) > 0 && g.Tasks[(*leaves)[0]].Group != g.Tasks[s].Group {
				return false
			}
			*leaves = append(*leaves, s)
		default:
			return false
		}
	}
	return true
}

// refCounts counts, per task, the arguments, `when:` conditions and
// outputs that reference it.
func refCounts(g *compiler.Graph) []int32 {
	n := make([]int32, len(g.Tasks))
	var visit func(a *compiler.Arg)
	visit = func(a *compiler.Arg) {
		if a.Kind == compiler.Ref {
			n[a.Ref]++
		}
		for k := range a.Items {
			visit(&a.Items[k])
		}
	}
	for i := range g.Tasks {
		for k := range g.Tasks[i].Args {
			visit(&g.Tasks[i].Args[k])
		}
	}
	for _, gr := range g.Groups {
		if gr.Options.When != nil {
			visit(gr.Options.When)
		}
	}
	for k := range g.Outputs {
		visit(&g.Outputs[k].Value)
	}
	return n
}

// extraKey pushes the key (prefix, index) of a key no task of the graph
// has, in the form the scheduler wants.
func (w *lowerer) extraKey(prefix string, index int) {
	if w.stringKeys {
		w.p.str(stringKey(prefix, index))
		return
	}
	key := w.p.tuple()
	w.p.str(prefix)
	w.p.int(int64(index))
	key.close()
}

// doneKey pushes batch i's done key.
func (w *lowerer) doneKey(i int32) {
	t := &w.g.Tasks[i]
	w.extraKey(w.prefixes[t.Group]+doneSuffix, int(t.Index))
}

// stepKey pushes step k of chain c.
func (w *lowerer) stepKey(c *foldChain, k int) {
	w.extraKey(w.prefixes[w.g.Tasks[c.reduce].Group]+stepSuffix, k)
}

// chainLayer names chain c's layer: its reduction's prefix and stepSuffix.
func (w *lowerer) chainLayer(c *foldChain) string {
	return w.prefixes[w.g.Tasks[c.reduce].Group] + stepSuffix
}

// writeChainLayers pushes, into the layers dict d, one layer per chain
// holding its done keys and steps, annotated with a priority above its
// batches' and its reduction's: a worker then runs a step as soon as its
// inputs are there, before the batches queued behind it, which keeps the
// chain close behind the batches.
func (w *lowerer) writeChainLayers(d *batcher) {
	if w.folds == nil {
		return
	}
	p := &w.p
	for _, c := range w.folds.chains {
		d.item()
		p.str(w.chainLayer(c))
		p.global("dask.highlevelgraph", "MaterializedLayer")
		args := p.tuple()
		tasks := p.dict()
		for k, leaf := range c.leaves {
			if c.done {
				tasks.item()
				w.doneKey(leaf)
				t := p.tuple()
				w.runHead(foldSource(), "fold_done")
				w.key(leaf)
				t.close()
			}
			tasks.item()
			w.foldStepTask(c, k)
		}
		tasks.done()
		ann := p.dict()
		ann.item()
		p.str("priority")
		p.int(int64(w.chainPriority(c)))
		ann.done()
		args.close()
		p.reduce()
	}
}

// foldStepTask pushes step k of chain c: its key and its task.
func (w *lowerer) foldStepTask(c *foldChain, k int) {
	p := &w.p
	w.stepKey(c, k)
	t := p.tuple()
	w.runHead(foldSource(), "fold_step")
	w.str(c.op)
	if k == 0 {
		p.none()
	} else {
		w.stepKey(c, k-1)
	}
	w.key(c.leaves[k])
	t.close()
}

// chainPriority is one more than the higher of the batches' and the
// reduction's priorities.
func (w *lowerer) chainPriority(c *foldChain) int {
	g := w.g
	return max(g.GroupOf(int(c.reduce)).Options.Priority, g.GroupOf(int(c.leaves[0])).Options.Priority) + 1
}

// readBy returns the chains whose layer group gi reads: a chain's joins
// and its reduction read its done keys and steps.
func (f *folds) readBy(g *compiler.Graph, gi int) []*foldChain {
	if f == nil {
		return nil
	}
	var out []*foldChain
	for _, c := range f.chains {
		if int(g.Tasks[c.reduce].Group) == gi || f.joinGroups[c][gi] {
			out = append(out, c)
		}
	}
	return out
}

// chainLayerDeps adds each chain layer's dependencies to the layer
// dependencies dict d: its batches' layer and the sources.
func (w *lowerer) chainLayerDeps(d *batcher) {
	if w.folds == nil {
		return
	}
	p := &w.p
	for _, c := range w.folds.chains {
		d.item()
		p.str(w.chainLayer(c))
		s := p.set()
		s.item()
		p.str(srcLayer)
		s.item()
		w.prefix(int(w.g.Tasks[c.leaves[0]].Group))
		s.done()
	}
}

// foldJoin pushes join (or partial) task i of a chain: it waits for its
// batches' done keys and partials, and returns None.
func (w *lowerer) foldJoin(i int32) {
	t := w.p.tuple()
	w.runHead(foldSource(), "fold_joined")
	l := w.p.list()
	for _, it := range w.g.Tasks[i].Args[0].Items {
		l.item()
		if w.folds.leaves[it.Ref] {
			w.doneKey(it.Ref)
		} else {
			w.key(it.Ref)
		}
	}
	l.done()
	t.close()
}

// foldFinish pushes chain c's reduction: its value from the last step,
// once the join has succeeded.
func (w *lowerer) foldFinish(c *foldChain) {
	t := w.p.tuple()
	w.runHead(foldSource(), "fold_finish")
	w.stepKey(c, len(c.leaves)-1)
	w.key(c.join)
	t.close()
}

// chain returns the chain whose reduction is task i.
func (f *folds) chain(i int32) *foldChain {
	if f == nil {
		return nil
	}
	return f.byReduce[i]
}

// join reports whether task i is a join or partial of a chain.
func (f *folds) join(i int32) bool { return f != nil && f.joins[i] }

// retoken gives the chains' joins and partials keys of their own, since
// their value (None) is not the list a join without the chain holds.
func (f *folds) retoken(g *compiler.Graph, prefixes []string) {
	if f == nil {
		return
	}
	seen := map[int32]bool{}
	for i := range f.joins {
		gi := g.Tasks[i].Group
		if !seen[gi] {
			seen[gi] = true
			h := newFNV()
			h.str(prefixes[gi] + stepSuffix)
			prefixes[gi] = fmt.Sprintf("%s-%08x", g.Groups[gi].Name, uint32(h.Sum64()))
		}
	}
}
