package optimize

import (
	"fmt"
	"reflect"
	"slices"
	"strings"
	"testing"

	"github.com/flowspec/flowspec/builtins"
	"github.com/flowspec/flowspec/compiler"
	"github.com/flowspec/flowspec/operator"
	"github.com/flowspec/flowspec/spec"
)

// lazyFlow is the seed flow with a rule group zipping two ranges, one
// reading a third task's result through with:, and a reader of a batched
// group's whole list inside a runtime expression.
const lazyFlow = `
version: 1
name: lazy
params:
  n: 100
tasks:
  inc:
    op: inc
    map:
      x: ${{ range(params.n) }}
  dec:
    op: dec
    map:
      x: ${{ range(1, params.n + 1) }}
  add:
    op: add
    map:
      x: ${{ tasks.inc }}
      y: ${{ tasks.dec }}
  offset:
    op: sum
    with:
      values: [1, 2, 3]
  shifted:
    op: mul
    map:
      x: ${{ range(params.n, 0, -1) }}
      y: ${{ tasks.add }}
  scaled:
    op: add
    map:
      x: ${{ tasks.shifted }}
    with:
      y: ${{ tasks.offset }}
  total:
    op: sum
    with:
      values: ${{ tasks.add }}
outputs:
  total: ${{ tasks.total }}
  scaled: ${{ tasks.scaled }}
  longest: ${{ len(tasks.shifted) + tasks.total }}
`

// TestLazyOptimizeSameOutputs compiles flows lazily and eagerly at sizes
// around the batch sizes: the lazy graph, optimized at every level and
// batch setting, gives the eager unoptimized graph's outputs.
func TestLazyOptimizeSameOutputs(t *testing.T) {
	reg := builtins.Default()
	for _, src := range []string{seedYAML, lazyFlow} {
		f, diags := spec.Parse("lazy.yaml", []byte(src), reg)
		if diags.HasErrors() {
			t.Fatal(diags)
		}
		for _, n := range []int64{0, 1, 64, 65, 257, 1000} {
			want := evalGraph(t, compileAt(t, f, reg, n, false), reg)
			if lg := compileAt(t, f, reg, n, true); n == 1000 && len(lg.Tasks) > 5 {
				t.Fatalf("%s at n=%d: %d tasks compiled lazily; every map should be a rule group", f.Name, n, len(lg.Tasks))
			}
			for name, opts := range map[string]Options{"default": {Threads: 1}, "threads": {Threads: 2}, "all": {Level: LevelAll, Threads: 1},
				"nobatch": {Passes: map[string]bool{"batch": false}}, "nofuse": {Passes: map[string]bool{"fuse": false}}, "none": {Level: LevelNone}} {
				out, _ := lazyOptimized(t, compileAt(t, f, reg, n, true), reg, opts)
				sameOutputs(t, evalGraph(t, out, reg), want, false)
				if t.Failed() {
					t.Fatalf("%s at n=%d, %s: lazy outputs differ", f.Name, n, name)
				}
			}
		}
	}
}

// TestLazyBatches checks that rule groups fuse and batch as the passes
// fuse and batch their elements: on the seed flow, the optimized lazy graph
// is the optimized eager graph, task for task. (Where the batch pass keeps
// a group whole because another group reads its elements, as in lazyFlow
// or with fuse off, rule groups batch anyway, batch b reading batch b: the
// outputs are compared above.)
func TestLazyBatches(t *testing.T) {
	reg := builtins.Default()
	f, diags := spec.Parse("seed.yaml", []byte(seedYAML), reg)
	if diags.HasErrors() {
		t.Fatal(diags)
	}
	g := compileAt(t, f, reg, 1000, true)
	if !g.Lazy() || len(g.Tasks) != 1 {
		t.Fatalf("lazy seed graph: %d tasks, lazy %v; want the sum alone, lazy", len(g.Tasks), g.Lazy())
	}
	for name, opts := range map[string]Options{"default": {Threads: 1}, "all": {Level: LevelAll, Threads: 2}} {
		got, _ := lazyOptimized(t, g, reg, opts)
		want, _ := optimized(t, compileAt(t, f, reg, 1000, false), reg, opts)
		if !reflect.DeepEqual(noEmptyDeps(got), noEmptyDeps(want)) {
			t.Errorf("%s: lazy %s\neager %s", name, summary(got), summary(want))
		}
	}
}

// TestLazyPersist: a persist: true map compiles as a rule group and is not
// fused into its reader: its batches stay its own tasks, under its name,
// and the optimized graph gives the eager graph's outputs. (Like any rule
// group another reads element by element, it batches with its reader
// where the eager batch pass keeps it whole; a resume compiles as the run
// it resumes did, so their tasks match by name and index.)
func TestLazyPersist(t *testing.T) {
	reg := builtins.Default()
	src := strings.Replace(seedYAML, "    op: inc\n", "    op: inc\n    persist: true\n", 1)
	f, diags := spec.Parse("seed.yaml", []byte(src), reg)
	if diags.HasErrors() {
		t.Fatal(diags)
	}
	g := compileAt(t, f, reg, 1000, true)
	if !g.Lazy() || len(g.Tasks) != 1 {
		t.Fatalf("lazy graph with persist: %d tasks, lazy %v; want the sum alone, lazy", len(g.Tasks), g.Lazy())
	}
	got, _ := lazyOptimized(t, g, reg, Options{Threads: 1})
	if len(got.Tasks) > 20 || !slices.ContainsFunc(got.Groups, func(grp *compiler.Group) bool { return grp.Name == "inc" && grp.Persist && grp.Op == "inc" }) {
		t.Errorf("want the persisted group inc kept apart, in batches: %s", summary(got))
	}
	sameOutputs(t, evalGraph(t, got, reg), evalGraph(t, compileAt(t, f, reg, 1000, false), reg), false)
}

// noEmptyDeps returns g with every empty Deps nil and every IntRange
// made a list, which executors read alike.
func noEmptyDeps(g *compiler.Graph) *compiler.Graph {
	cp := *g
	cp.Tasks = slices.Clone(g.Tasks)
	for i := range cp.Tasks {
		t := &cp.Tasks[i]
		if len(t.Deps) == 0 {
			t.Deps = nil
		}
		t.Args = slices.Clone(t.Args)
		for k := range t.Args {
			if r, ok := t.Args[k].Value.(compiler.IntRange); ok {
				t.Args[k].Value = r.List()
			}
		}
	}
	return &cp
}

func summary(g *compiler.Graph) string {
	var out []string
	for _, grp := range g.Groups {
		out = append(out, fmt.Sprintf("%s=%s:%d/%d", grp.Name, grp.Op, grp.Size, grp.Stride))
	}
	return fmt.Sprint(len(g.Tasks), out)
}

func compileAt(t *testing.T, f *spec.Flow, reg *operator.Registry, n int64, lazy bool) *compiler.Graph {
	t.Helper()
	g, diags := compiler.Compile(f, compiler.Config{Registry: reg, Seed: 1, Lazy: lazy, Params: map[string]any{"n": n}})
	if diags.HasErrors() {
		t.Fatal(diags)
	}
	return g
}

// lazyOptimized is optimized for a lazy graph, which Check cannot read.
func lazyOptimized(t *testing.T, g *compiler.Graph, reg *operator.Registry, opts Options) (*compiler.Graph, *Explain) {
	t.Helper()
	out, ex, err := Run(g, reg, opts)
	if err != nil {
		t.Fatal(err)
	}
	if err := Check(out); err != nil {
		t.Fatalf("optimized graph: %v", err)
	}
	return out, ex
}
