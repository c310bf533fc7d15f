package lower

import (
	_ "embed"
	"fmt"
	"sync"

	"github.com/flowspec/flowspec/builtins"
	"github.com/flowspec/flowspec/compiler"
	"github.com/flowspec/flowspec/operator"
)

// Reduction trees: a built-in reduction (sum, mean, count, min, max,
// first, last) over a join of batches would otherwise gather every batch's
// elements on one worker. Instead each batch is summarized where it is and
// the summaries, a few values each, are merged in a tree:
//
//	done key     (batch prefix~done, b):     (run, FOLD, "fold_done", batch b)
//	summary key  (reduction prefix~fold, k): (run, FOLD, "fold_summary", op, batch k)
//	merge key    (reduction prefix~fold, K): (run, FOLD, "fold_merge", op, [summaries or merges])
//
// in a layer of their own per reduction (reduction prefix~fold), and
//
//	join and its tree partials:        (run, FOLD, "fold_joined", [done keys or partials])
//	reduction:                         (run, FOLD, "fold_finish", op, root, join, twin, batches)
//
// Dask places each summary where its batch is (the batch outweighs
// nothing else it reads), so only summaries move between workers, and the
// tree's levels run in parallel. fold_finish returns the value the root
// proves equal to the twin's left-to-right loop; where it proves nothing (a
// float in a sum, whose rounding depends on the order, or anything the twin
// refuses) it fetches the batches, which the run's client holds until the
// run ends, and calls the twin on the whole list (fold.py), so values and
// messages are always the unoptimized run's.
//
// The join keys stay, as cheap tasks that wait for the batches through their
// done keys, so the executor sees every task of the graph succeed or fail
// as without the tree: a failed batch errs its done key, hence its
// partial, the join and the reduction, which the executor reports as
// skipped behind the batch.

//go:embed fold.py
var foldPython string

// foldSource is the reduction tree's module: the sum twin (the prelude's
// checks and messages, and sum) followed by fold.py.
var foldSource = sync.OnceValue(func() string {
	sum, _ := builtins.Default().Lookup("sum")
	return sum.Python + foldPython
})

// foldOps are the reductions a tree computes (fold.py).
var foldOps = map[string]bool{"sum": true, "mean": true, "count": true, "min": true, "max": true, "first": true, "last": true}

// Key suffixes of a tree's extra keys; group prefixes end in a hex token,
// so no prefix ends in either.
const (
	doneSuffix = "~done"
	stepSuffix = "~fold"
)

// reduceTree is one reduction run as a reduction tree.
type reduceTree struct {
	reduce int32   // the reduction task
	join   int32   // the join it reads
	op     string  // the reduction's operator
	leaves []int32 // the batches, in list order
	done   bool    // its layer holds the batches' done keys (the join's first tree)
}

// folds is what the lowering needs of the trees, by task.
type folds struct {
	trees      []*reduceTree // in graph order
	byReduce   map[int32]*reduceTree
	leaves     map[int32]bool               // the batches trees read
	joins      map[int32]bool               // the joins and partials that only wait
	joinGroups map[*reduceTree]map[int]bool // the groups of each tree's joins
}

// findFolds picks the reductions that run as reduction trees: a built-in
// foldable operator, neither wrapped nor marked, reading (alone, as its
// one argument) a join that only such reductions read, whose partials lead
// to batches of one group. Several reductions of one join each get a
// tree over the same batches. nil when there is none.
func findFolds(g *compiler.Graph, ops []*operator.Op, joins []int8, marked []bool) *folds {
	byJoin := map[int32][]*reduceTree{}
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
	f := &folds{byReduce: map[int32]*reduceTree{}, leaves: map[int32]bool{}, joins: map[int32]bool{}, joinGroups: map[*reduceTree]map[int]bool{}}
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
			f.trees = append(f.trees, c)
			f.byReduce[c.reduce] = c
			f.joinGroups[c] = groups
		}
	}
	if len(f.trees) == 0 {
		return nil
	}
	return f
}

// foldCandidate reports whether group gi is a reduction a tree may
// compute, before its join is looked at.
func foldCandidate(g *compiler.Graph, gi int, op *operator.Op, joins []int8, marked []bool) (*reduceTree, bool) {
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
	return &reduceTree{reduce: int32(gr.First), join: j, op: op.Name}, true
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

// foldFanIn is how many summaries one merge reads.
const foldFanIn = 64

// foldTree lays out the merges over n >= 1 summaries: key index k < n is
// summary k, n+j is merge j, which reads the key indexes reads[j]; root is
// the last merge's index (0 when n is 1).
func foldTree(n int) (reads [][]int, root int) {
	level := make([]int, n)
	for i := range level {
		level[i] = i
	}
	next := n
	for len(level) > 1 {
		var up []int
		for s := 0; s < len(level); s += foldFanIn {
			reads = append(reads, level[s:min(s+foldFanIn, len(level))])
			up = append(up, next)
			next++
		}
		level = up
	}
	return reads, level[0]
}

// treeKey pushes key index k of tree c's tree (foldTree).
func (w *lowerer) treeKey(c *reduceTree, k int) {
	w.extraKey(w.prefixes[w.g.Tasks[c.reduce].Group]+stepSuffix, k)
}

// treeLayer names tree c's layer: its reduction's prefix and stepSuffix.
func (w *lowerer) treeLayer(c *reduceTree) string {
	return w.prefixes[w.g.Tasks[c.reduce].Group] + stepSuffix
}

// writeTreeLayers pushes, into the layers dict d, one layer per tree
// holding its done keys, summaries and merges, annotated with a priority
// above its batches' and its reduction's: a worker then summarizes a batch
// as soon as it is there, before the batches queued behind it.
func (w *lowerer) writeTreeLayers(d *batcher) {
	if w.folds == nil {
		return
	}
	p := &w.p
	for _, c := range w.folds.trees {
		d.item()
		p.str(w.treeLayer(c))
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
			w.treeKey(c, k)
			t := p.tuple()
			w.runHead(foldSource(), "fold_summary")
			w.str(c.op)
			w.key(leaf)
			t.close()
		}
		reads, _ := foldTree(len(c.leaves))
		for j, rs := range reads {
			tasks.item()
			w.treeKey(c, len(c.leaves)+j)
			t := p.tuple()
			w.runHead(foldSource(), "fold_merge")
			w.str(c.op)
			l := p.list()
			for _, k := range rs {
				l.item()
				w.treeKey(c, k)
			}
			l.done()
			t.close()
		}
		tasks.done()
		ann := p.dict()
		ann.item()
		p.str("priority")
		p.int(int64(w.treePriority(c)))
		ann.done()
		args.close()
		p.reduce()
	}
}

// treePriority is one more than the higher of the batches' and the
// reduction's priorities.
func (w *lowerer) treePriority(c *reduceTree) int {
	g := w.g
	return max(g.GroupOf(int(c.reduce)).Options.Priority, g.GroupOf(int(c.leaves[0])).Options.Priority) + 1
}

// readBy returns the trees whose layer group gi reads: a tree's joins
// and its reduction read its done keys and tree keys.
func (f *folds) readBy(g *compiler.Graph, gi int) []*reduceTree {
	if f == nil {
		return nil
	}
	var out []*reduceTree
	for _, c := range f.trees {
		if int(g.Tasks[c.reduce].Group) == gi || f.joinGroups[c][gi] {
			out = append(out, c)
		}
	}
	return out
}

// treeLayerDeps adds each tree layer's dependencies to the layer
// dependencies dict d: its batches' layer and the sources.
func (w *lowerer) treeLayerDeps(d *batcher) {
	if w.folds == nil {
		return
	}
	p := &w.p
	for _, c := range w.folds.trees {
		d.item()
		p.str(w.treeLayer(c))
		s := p.set()
		s.item()
		p.str(srcLayer)
		s.item()
		w.prefix(int(w.g.Tasks[c.leaves[0]].Group))
		s.done()
	}
}

// foldJoin pushes join (or partial) task i of a tree: it waits for its
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

// foldFinish pushes tree c's reduction: its value from the tree's root,
// once the join has succeeded, with the twin and the batches' keys for
// when the root proves no value (fold.py).
func (w *lowerer) foldFinish(c *reduceTree) {
	p := &w.p
	t := p.tuple()
	w.runHead(foldSource(), "fold_finish")
	w.str(c.op)
	_, root := foldTree(len(c.leaves))
	w.treeKey(c, root)
	w.key(c.join)
	op, _ := builtins.Default().Lookup(c.op)
	w.fnRef(op.Python, op.Name)
	where := p.tuple()
	w.str(w.prefixes[w.g.Tasks[c.leaves[0]].Group])
	l := p.list()
	for _, leaf := range c.leaves {
		l.item()
		p.int(int64(w.g.Tasks[leaf].Index))
	}
	l.done()
	p.bool(w.stringKeys)
	where.close()
	t.close()
}

// tree returns the tree whose reduction is task i.
func (f *folds) tree(i int32) *reduceTree {
	if f == nil {
		return nil
	}
	return f.byReduce[i]
}

// join reports whether task i is a join or partial of a tree.
func (f *folds) join(i int32) bool { return f != nil && f.joins[i] }

// retoken gives the trees' joins and partials keys of their own, since
// their value (None) is not the list a join without the tree holds.
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
