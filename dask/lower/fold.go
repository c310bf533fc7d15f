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
// elements on one worker. Instead each batch is summarized where it is, for
// every reduction of the join at once, and the join's own tree of partials
// merges the summaries, a few values each:
//
//	summary key  (batch prefix~sum, b):  (run, FOLD, "fold_summary", ops, batch b)
//
// in a layer of their own per join (its first reduction's prefix~fold), and
//
//	join and its tree partials:  (run, FOLD, "fold_merge", ops, [summaries or partials])
//	reduction:                   (run, FOLD, "fold_finish", op, join, twin, batches)
//
// Dask places each summary where its batch is (the batch is all it reads),
// so only summaries move between workers, and the only task added is one
// summary per batch. fold_finish returns the value the join's merged
// summary proves equal to the twin's left-to-right loop; where it proves
// nothing (a float in a sum, whose rounding depends on the order, or
// anything the twin refuses) it fetches the batches, which the run's client
// holds until the run ends, and calls the twin on the whole list (fold.py),
// so values and messages are always the unoptimized run's.
//
// The join keys stay, so the executor sees every task of the graph succeed
// or fail as without the tree: a failed batch errs its summary, hence its
// partial, the join and the reduction, which the executor reports as
// skipped behind the batch. Their values are summaries, not the list, so
// they get keys of their own (retoken) and are no result of the flow's
// (Lowered.Stands).

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
	sumSuffix   = "~sum"
	layerSuffix = "~fold"
)

// reduceTree is one reduction run as a reduction tree.
type reduceTree struct {
	reduce int32    // the reduction task
	join   int32    // the join it reads
	op     string   // the reduction's operator
	leaves []int32  // the batches, in list order
	first  bool     // the join's first reduction: its layer holds the summaries
	ops    []string // the operators of every reduction of the join, in order
}

// folds is what the lowering needs of the trees, by task.
type folds struct {
	trees      []*reduceTree // in graph order
	byReduce   map[int32]*reduceTree
	leaves     map[int32]bool               // the batches trees read
	joins      map[int32]bool               // the joins and partials that merge summaries
	opsOf      map[int32][]string           // by join or partial: its reductions' operators
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
	f := &folds{byReduce: map[int32]*reduceTree{}, leaves: map[int32]bool{}, joins: map[int32]bool{}, opsOf: map[int32][]string{}, joinGroups: map[*reduceTree]map[int]bool{}}
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
		ops := make([]string, len(cs))
		for k, c := range cs {
			ops[k] = c.op
		}
		for k, c := range cs {
			c.leaves, c.first, c.ops = leaves, k == 0, ops
			for _, p := range parts {
				f.opsOf[p] = ops
			}
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
	g.RootArgs(visit)
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

// summaryKey pushes batch i's summary key.
func (w *lowerer) summaryKey(i int32) {
	w.extraKey(summaryName(w.prefixes, &w.g.Tasks[i]))
}

// summaryName is the prefix and index of batch t's summary key.
func summaryName(prefixes []string, t *compiler.Task) (string, int) {
	return prefixes[t.Group] + sumSuffix, int(t.Index)
}

// strs pushes a tuple of strings.
func (w *lowerer) strs(ss []string) {
	t := w.p.tuple()
	for _, s := range ss {
		w.str(s)
	}
	t.close()
}

// treeLayer names the layer of c's join: its first reduction's prefix and
// layerSuffix.
func (w *lowerer) treeLayer(c *reduceTree) string {
	return w.prefixes[w.g.Tasks[c.reduce].Group] + layerSuffix
}

// writeTreeLayers pushes, into the layers dict d, one layer per join
// holding its batches' summaries, annotated with a priority above the
// batches' and the reductions': a worker then summarizes a batch as soon as
// it is there, before the batches queued behind it.
func (w *lowerer) writeTreeLayers(d *batcher) {
	if w.folds == nil {
		return
	}
	p := &w.p
	for _, c := range w.folds.layers() {
		d.item()
		p.str(w.treeLayer(c))
		p.global("dask.highlevelgraph", "MaterializedLayer")
		args := p.tuple()
		tasks := p.dict()
		for _, leaf := range c.leaves {
			tasks.item()
			w.summaryKey(leaf)
			t := p.tuple()
			w.runHead(foldSource(), "fold_summary")
			w.strs(c.ops)
			w.key(leaf)
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

// layers returns the trees whose layer holds their join's summaries: each
// join's first.
func (f *folds) layers() []*reduceTree {
	var out []*reduceTree
	for _, c := range f.trees {
		if c.first {
			out = append(out, c)
		}
	}
	return out
}

// readBy returns the trees whose layer group gi reads: a join's partials
// read its summaries.
func (f *folds) readBy(g *compiler.Graph, gi int) []*reduceTree {
	if f == nil {
		return nil
	}
	var out []*reduceTree
	for _, c := range f.layers() {
		if f.joinGroups[c][gi] {
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
	for _, c := range w.folds.layers() {
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

// foldJoin pushes join (or partial) task i of a tree: it merges its
// batches' summaries and partials, in order.
func (w *lowerer) foldJoin(i int32) {
	t := w.p.tuple()
	w.runHead(foldSource(), "fold_merge")
	w.strs(w.folds.opsOf[i])
	l := w.p.list()
	for _, it := range w.g.Tasks[i].Args[0].Items {
		l.item()
		if w.folds.leaves[it.Ref] {
			w.summaryKey(it.Ref)
		} else {
			w.key(it.Ref)
		}
	}
	l.done()
	t.close()
}

// foldFinish pushes tree c's reduction: its value from the join's merged
// summaries, with the twin and the batches' keys for when they prove no
// value (fold.py).
func (w *lowerer) foldFinish(c *reduceTree) {
	p := &w.p
	t := p.tuple()
	w.runHead(foldSource(), "fold_finish")
	w.str(c.op)
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
// their value (merged summaries) is not the list a join without the tree
// holds.
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
			h.str(prefixes[gi] + layerSuffix)
			prefixes[gi] = fmt.Sprintf("%s-%08x", g.Groups[gi].Name, uint32(h.Sum64()))
		}
	}
}
