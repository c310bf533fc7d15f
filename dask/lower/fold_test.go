package lower

import (
	"encoding/json"
	"fmt"
	"math"
	"math/rand"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/flowspec/flowspec/builtins"
	"github.com/flowspec/flowspec/compiler"
	"github.com/flowspec/flowspec/compiler/optimize"
	"github.com/flowspec/flowspec/dask/internal/fixture"
	"github.com/flowspec/flowspec/dask/wire"
	"github.com/flowspec/flowspec/operator"
	"github.com/flowspec/flowspec/spec"
)

// foldCase is one reduction over batches: the batches' elements.
type foldCase struct {
	op      string
	batches [][]any
}

// TestFoldMatchesTwin is a property test: for random batches (ints near
// int64's ends, floats with NaN and infinities, strings, bools, nulls,
// empty batches) every foldable reduction gives, as a reduction tree, exactly
// the value or the error message (class and text) of its twin called on
// the whole list, in every supported distributed version's form.
func TestFoldMatchesTwin(t *testing.T) {
	var cases []foldCase
	r := rand.New(rand.NewSource(13))
	for _, op := range []string{"sum", "mean", "count", "min", "max", "first", "last"} {
		for range 40 {
			cases = append(cases, foldCase{op, randomBatches(r)})
		}
	}
	cases = append(cases, foldEdgeCases()...)
	g, keys := foldGraph(t, cases)
	if f := findFolds(g, opsOf(t, g), joinsOf(g), nil); f == nil || len(f.trees) != len(cases) {
		t.Fatalf("reduction trees found for %d of %d reductions", len(reduceTrees(f)), len(cases))
	}
	for _, v := range []struct {
		name string
		form Form
	}{{"current", formExpr}, {"legacy", formHLG}, {"oldest", formHLGStringKeys}} {
		t.Run(v.name, func(t *testing.T) {
			got := computeKeys(t, v.name, v.form, g, keys)
			mismatches := 0
			for k, c := range cases {
				folded, direct := got[2*k], got[2*k+1]
				if folded != direct && mismatches < 10 {
					mismatches++
					t.Errorf("%s over %v:\ntree: %s\ntwin: %s", c.op, c.batches, folded, direct)
				}
			}
		})
	}
}

func reduceTrees(f *folds) []*reduceTree {
	if f == nil {
		return nil
	}
	return f.trees
}

// foldEdgeCases are the cases the random ones may miss: an overflow in the
// middle of a batch and exactly at a batch's first element, a sum turning
// float, NaN first in a later batch, mixed kinds after the first batch.
func foldEdgeCases() []foldCase {
	max, min := int64(math.MaxInt64), int64(math.MinInt64)
	nan := math.NaN()
	return []foldCase{
		{"sum", [][]any{{int64(1), int64(2)}, {max - 10, int64(5), int64(9), int64(1)}}},
		{"sum", [][]any{{max - 3, int64(3)}, {int64(1), int64(1)}}},
		{"sum", [][]any{{min + 3, int64(-3)}, {int64(-1)}}},
		{"mean", [][]any{{max, int64(0)}, {int64(1)}}},
		{"sum", [][]any{{int64(1), int64(2)}, {int64(3), 0.1, int64(7)}, {0.2, max}}},
		{"sum", [][]any{{0.1, 0.2}, {0.3, 1e16, int64(1), int64(1)}}},
		{"sum", [][]any{{0.1}, {0.2, 0.3}}}, // 0.6000000000000001 left to right, 0.6 otherwise
		{"sum", [][]any{{int64(1)}, {int64(2), "3"}}},
		{"mean", [][]any{{int64(1), int64(2)}, {}, {int64(4)}}},
		{"min", [][]any{{int64(3), int64(2)}, {nan, int64(1)}, {int64(0)}}},
		{"max", [][]any{{nan, int64(2)}, {int64(5)}}},
		{"min", [][]any{{int64(1), 1.0}, {1.0, int64(1)}}},
		{"max", [][]any{{int64(1), 2.0}, {int64(2), 2.0}}},
		{"min", [][]any{{int64(1), int64(2)}, {int64(0), "a"}}},
		{"max", [][]any{{"b", "a"}, {"c", int64(1)}}},
		{"min", [][]any{{int64(1)}, {true}}},
		{"max", [][]any{{nil}, {int64(1)}}},
		{"min", [][]any{{}, {}}},
		{"first", [][]any{{}, {"x", "y"}}},
		{"last", [][]any{{"x", "y"}, {}}},
		{"count", [][]any{{}, {}}},
		{"sum", [][]any{{}, {}}},
		// Over 64 batches, so that merges read merges.
		{"sum", manyBatches(130, func(i int) any { return int64(i*7919%1000 - 500) })},
		{"sum", manyBatches(70, func(i int) any { return 0.1 * float64(i) })},
		{"mean", manyBatches(65, func(i int) any { return int64(i) })},
		{"sum", manyBatches(70, func(i int) any { return []any{int64(i), max}[i/69] })}, // a possible overflow: the twin decides
		{"min", manyBatches(140, func(i int) any { return []any{int64(i % 13), nan, 1.0, int64(1)}[i%4] })},
		{"max", manyBatches(140, func(i int) any {
			if i == 0 {
				return nan // first: the loop keeps it
			}
			return []any{int64(i % 13), 12.0}[i%2]
		})},
		{"min", manyBatches(90, func(i int) any {
			if i >= 85 {
				return int64(1) // mixed kinds in a late batch
			}
			return []any{"k", "b", "z"}[i%3]
		})},
		{"max", manyBatches(100, func(i int) any { return []any{"a", "abc", "ab"}[i%3] })},
		{"count", manyBatches(200, func(i int) any { return nil })},
		{"first", manyBatches(66, func(i int) any { return int64(i) })},
		{"last", manyBatches(66, func(i int) any { return int64(i) })},
	}
}

// manyBatches is n batches, batch i holding el(i) and, for every third,
// nothing more; every fifth batch is empty.
func manyBatches(n int, el func(int) any) [][]any {
	out := make([][]any, n)
	for i := range out {
		switch {
		case i%5 == 4:
			out[i] = []any{}
		case i%3 == 0:
			out[i] = []any{el(i)}
		default:
			out[i] = []any{el(i), el(i)}
		}
	}
	return out
}

// randomBatches returns 1 to 4 batches of 0 to 5 elements drawn from one
// of a few families, so that most cases reach the fast paths and some do
// not.
func randomBatches(r *rand.Rand) [][]any {
	family := r.Intn(5)
	el := func() any {
		switch family {
		case 0:
			return int64(r.Intn(200) - 100)
		case 1:
			return []any{int64(math.MaxInt64) - int64(r.Intn(3)), int64(math.MinInt64) + int64(r.Intn(3)), int64(1) << 62, int64(r.Intn(9))}[r.Intn(4)]
		case 2:
			return []any{int64(r.Intn(9)), r.Float64() * 10, math.NaN(), math.Inf(1), math.Inf(-1), math.Copysign(0, -1), 1e300}[r.Intn(7)]
		case 3:
			return []any{"a", "b", "ab", ""}[r.Intn(4)]
		}
		return []any{int64(r.Intn(5)), 0.5, "s", true, nil, math.NaN()}[r.Intn(6)]
	}
	batches := make([][]any, 1+r.Intn(4))
	for b := range batches {
		batches[b] = []any{}
		for range r.Intn(6) {
			batches[b] = append(batches[b], el())
		}
	}
	return batches
}

// foldGraph builds, per case, batches (identity over each batch), a hidden
// concat of them (through a partial for every third case, as the tree pass
// makes), the reduction reading it, and the same reduction over the whole
// list as a constant; keys lists those two tasks per case.
func foldGraph(t *testing.T, cases []foldCase) (*compiler.Graph, []int) {
	b := fixture.NewGraph("folds")
	var keys []int
	for k, c := range cases {
		var all []any
		gb := b.Group(fmt.Sprintf("b%d", k), "identity", true, len(c.batches), compiler.Options{}, func(i int) []compiler.Arg {
			all = append(all, c.batches[i]...)
			return []compiler.Arg{{Kind: compiler.Const, Value: c.batches[i], Spread: true}}
		})
		for i := range c.batches {
			b.G.Tasks[b.G.Groups[gb].First+i].Each = true
		}
		parts := b.All(gb)
		if k%3 == 0 {
			gp := b.Group(fmt.Sprintf("b%d.concat.tree1", k), "concat", true, 1, compiler.Options{}, func(int) []compiler.Arg { return []compiler.Arg{parts} })
			b.G.Groups[gp].Hidden = true
			parts = b.All(gp)
		}
		gj := b.Group(fmt.Sprintf("b%d.concat", k), "concat", false, 1, compiler.Options{}, func(int) []compiler.Arg { return []compiler.Arg{parts} })
		b.G.Groups[gj].Hidden = true
		gr := b.Group(fmt.Sprintf("r%d", k), c.op, false, 1, compiler.Options{}, func(int) []compiler.Arg { return []compiler.Arg{b.Ref(gj, 0)} })
		gd := b.Group(fmt.Sprintf("d%d", k), c.op, false, 1, compiler.Options{}, func(int) []compiler.Arg { return []compiler.Arg{fixture.Const(append([]any{}, all...))} })
		keys = append(keys, b.G.Groups[gr].First, b.G.Groups[gd].First)
		b.Output(fmt.Sprintf("r%d", k), b.Ref(gr, 0))
	}
	return b.G, keys
}

// opsOf resolves every group's operator in the built-in registry.
func opsOf(t *testing.T, g *compiler.Graph) []*operator.Op {
	ops, _, err := check(g, builtins.Default())
	if err != nil {
		t.Fatal(err)
	}
	return ops
}

// joinsOf classifies g's joins as Lower does.
func joinsOf(g *compiler.Graph) []int8 {
	names := make([]string, len(g.Groups))
	for gi, gr := range g.Groups {
		names[gi] = gr.Op
	}
	joins, _ := findJoins(g, names, nil)
	return joins
}

// computeKeys lowers g with the built-in operators and has the venv's
// Python compute each of the tasks keys on its own.
func computeKeys(t *testing.T, venv string, f Form, g *compiler.Graph, keys []int) []string {
	t.Helper()
	l, err := Lower(g, builtins.Default(), f)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(l.Pickle), "fold_summary") {
		t.Fatal("no reduction tree in the pickle")
	}
	dir := t.TempDir()
	var ks []any
	for _, i := range keys {
		ks = append(ks, l.WireKey(i).Value())
	}
	kj, _ := json.Marshal(ks)
	graph, keyFile := filepath.Join(dir, "graph.pickle"), filepath.Join(dir, "keys.json")
	if err := os.WriteFile(graph, l.Pickle, 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(keyFile, kj, 0o644); err != nil {
		t.Fatal(err)
	}
	var out []string
	if err := json.Unmarshal(fixture.RunPython(t, fixture.VenvPython(t, venv), "check_keys.py", graph, keyFile), &out); err != nil {
		t.Fatal(err)
	}
	return out
}

// TestFoldRunFlows: every reduction of the fold flows of testdata/run,
// optimized as flowspec run optimizes them (several reductions reading
// one map, errors included), runs as a reduction tree, so the cluster tests
// that compare them with the unoptimized run (dask/flows_test.go) check
// the trees; a reduction whose join an output also reads does not.
func TestFoldRunFlows(t *testing.T) {
	for file, want := range map[string]int{"fold_values.yaml": 15, "fold_errors.yaml": 11} {
		g := optimizedFlow(t, filepath.Join("../../testdata/run", file))
		if got := len(reduceTrees(findFolds(g, opsOf(t, g), joinsOf(g), Marked(g)))); got != want {
			t.Errorf("%s: %d reduction trees, want %d", file, got, want)
		}
	}
	g := optimizedFlow(t, "../../testdata/run/fold_values.yaml")
	for _, gr := range g.Groups {
		if gr.Name == "ints.concat" {
			g.Outputs = append(g.Outputs, compiler.Output{Name: "all", Value: compiler.Arg{Kind: compiler.Ref, Ref: int32(gr.First)}})
		}
	}
	if got := len(reduceTrees(findFolds(g, opsOf(t, g), joinsOf(g), Marked(g)))); got != 10 {
		t.Errorf("with ints' list an output: %d reduction trees, want 10 (ints' five reductions need its list)", got)
	}
}

// compiledFlow compiles file with the built-in operators.
func compiledFlow(t *testing.T, file string) *compiler.Graph {
	t.Helper()
	src, err := os.ReadFile(file)
	if err != nil {
		t.Fatal(err)
	}
	reg := builtins.Default()
	flow, diags := spec.Parse(file, src, reg)
	if diags.HasErrors() {
		t.Fatal(diags.Error())
	}
	g, diags := compiler.Compile(flow, compiler.Config{Registry: reg, Seed: 1})
	if g == nil {
		t.Fatal(diags.Error())
	}
	return g
}

// optimizedFlow compiles file and optimizes it for two threads.
func optimizedFlow(t *testing.T, file string) *compiler.Graph {
	t.Helper()
	og, _, err := optimize.Run(compiledFlow(t, file), builtins.Default(), optimize.Options{Level: optimize.LevelDefault, Threads: 2})
	if err != nil {
		t.Fatal(err)
	}
	return og
}

// TestEveryKeyWanted: the run's client wants every key of the graph, the
// tasks' and the hidden ones (Lowered.Hidden), in every form: a key nobody
// wants can be released while it runs, which a scheduler removing a worker
// at that moment never follows with the queued tasks (TestKilledWorkerExplained
// hung so about one run in ten under load).
func TestEveryKeyWanted(t *testing.T) {
	g := optimizedFlow(t, "../../testdata/run/fold_values.yaml")
	for _, v := range []struct {
		name string
		form Form
	}{{"current", formExpr}, {"legacy", formHLG}, {"oldest", formHLGStringKeys}} {
		t.Run(v.name, func(t *testing.T) {
			l, err := Lower(g, builtins.Default(), v.form)
			if err != nil {
				t.Fatal(err)
			}
			graph := filepath.Join(t.TempDir(), "graph.pickle")
			if err := os.WriteFile(graph, l.Pickle, 0o644); err != nil {
				t.Fatal(err)
			}
			var inGraph []any
			if err := json.Unmarshal(fixture.RunPython(t, fixture.VenvPython(t, v.name), "graph_keys.py", graph), &inGraph); err != nil {
				t.Fatal(err)
			}
			wanted := map[string]bool{}
			for i := range g.Tasks {
				wanted[l.WireKey(i).String()] = true
			}
			hidden := l.Hidden()
			for _, k := range hidden {
				wanted[k.String()] = true
			}
			if !strings.Contains(fmt.Sprint(hidden), sumSuffix) || !strings.Contains(fmt.Sprint(hidden), srcLayer) {
				t.Errorf("hidden keys %v lack summaries or sources", hidden)
			}
			for _, k := range inGraph {
				if !wanted[wireKeyOf(k).String()] {
					t.Errorf("graph key %v is neither a task's nor hidden", k)
				}
			}
			if len(wanted) != len(inGraph) {
				t.Errorf("%d keys wanted, %d in the graph", len(wanted), len(inGraph))
			}
		})
	}
}

// wireKeyOf is the key k as JSON decoded it: a string, or [prefix, index].
func wireKeyOf(k any) wire.Key {
	if l, ok := k.([]any); ok && len(l) == 2 {
		p, _ := l[0].(string)
		n, _ := l[1].(float64)
		return wire.TaskKey(p, int(n))
	}
	s, _ := k.(string)
	return wire.StrKey(s)
}
