package optimize

import (
	"context"
	"fmt"
	"testing"

	"github.com/flowspec/flowspec/builtins"
	"github.com/flowspec/flowspec/compiler"
	"github.com/flowspec/flowspec/operator"
	"github.com/flowspec/flowspec/runtime"
	"github.com/flowspec/flowspec/spec"
)

// evalGraph is a reference evaluator for tests: it runs g's tasks in order,
// one at a time, calling each operator's Go function on resolved arguments
// (zipping spread arguments for Each tasks), and returns the outputs. It
// models the states executors give: a task whose when: is not true is
// skipped; with the default trigger a failed (skipped) dependency fails
// (skips) it; all_done runs it anyway and any_failed only after a failure.
// An output reads "failed" or "skipped" when its task did not succeed.
func evalGraph(t testing.TB, g *compiler.Graph, reg *operator.Registry) map[string]any {
	t.Helper()
	results := make([]any, len(g.Tasks))
	states := make([]string, len(g.Tasks))
	for i := range g.Tasks {
		results[i], states[i] = evalTask(g, reg, i, results, states)
	}
	out := map[string]any{}
	for _, o := range g.Outputs {
		state := "ok"
		eachRef(&o.Value, func(r int32) {
			if states[r] != "ok" && state == "ok" {
				state = states[r]
			}
		})
		if state != "ok" {
			out[o.Name] = state
			continue
		}
		out[o.Name] = resolveArg(&o.Value, results)
	}
	return out
}

// evalTask computes task i and its state: ok, failed or skipped.
func evalTask(g *compiler.Graph, reg *operator.Registry, i int, results []any, states []string) (any, string) {
	t := &g.Tasks[i]
	grp := g.GroupOf(i)
	if s := upstreamState(t, grp, states); s != "ok" {
		return nil, s
	}
	if w := grp.Options.When; w != nil && resolveArg(w, results) != true {
		return nil, "skipped"
	}
	v, err := evalCall(g, reg, t, results)
	if err != nil {
		return err.Error(), "failed"
	}
	return v, "ok"
}

// upstreamState decides from t's dependencies whether it runs ("ok").
func upstreamState(t *compiler.Task, grp *compiler.Group, states []string) string {
	failed, skipped := false, false
	for _, d := range t.Deps {
		failed = failed || states[d] == "failed"
		skipped = skipped || states[d] == "skipped"
	}
	switch grp.Options.Trigger {
	case compiler.TriggerAllDone:
		return "ok"
	case compiler.TriggerAnyFailed:
		if failed {
			return "ok"
		}
		return "skipped"
	}
	if failed {
		return "failed"
	}
	if skipped {
		return "skipped"
	}
	return "ok"
}

// evalCall applies t's operator once, or per element for an Each task.
func evalCall(g *compiler.Graph, reg *operator.Registry, t *compiler.Task, results []any) (any, error) {
	op, err := runtime.Op(g, reg, g.Groups[t.Group].Op)
	if err != nil {
		return nil, err
	}
	args := make([]any, len(t.Args))
	for k := range t.Args {
		args[k] = resolveArg(&t.Args[k], results)
	}
	if !t.Each {
		return callChecked(op, args)
	}
	out := []any{}
	for e := 0; ; e++ {
		elem := make([]any, len(args))
		for k, a := range args {
			if t.Args[k].Spread {
				l := a.([]any)
				if e >= len(l) {
					return out, nil
				}
				a = l[e]
			}
			elem[k] = a
		}
		v, err := callChecked(op, elem)
		if err != nil {
			return nil, fmt.Errorf("element %d: %w", e, err)
		}
		out = append(out, v)
	}
}

func callChecked(op *operator.Op, args []any) (any, error) {
	for k, v := range args {
		p := &op.Params[k]
		if v != nil && p.Type != "" && !p.Type.Accepts(v) {
			return nil, operator.ArgError(p.Name, p.Type, v)
		}
	}
	return op.Go(context.Background(), args)
}

func resolveArg(a *compiler.Arg, results []any) any {
	switch a.Kind {
	case compiler.Ref:
		return results[a.Ref]
	case compiler.List:
		l := make([]any, len(a.Items))
		for k := range a.Items {
			l[k] = resolveArg(&a.Items[k], results)
		}
		return l
	case compiler.Map:
		m := map[string]any{}
		for k := range a.Items {
			m[a.Names[k]] = resolveArg(&a.Items[k], results)
		}
		return m
	}
	if r, ok := a.Value.(compiler.IntRange); ok {
		return r.List()
	}
	return a.Value
}

// builder assembles graphs by hand for tests.
type builder struct {
	g   *compiler.Graph
	reg *operator.Registry
}

func newBuilder(t testing.TB) *builder {
	return &builder{g: &compiler.Graph{Flow: "test"}, reg: builtins.Default()}
}

// group adds a group of n tasks (n < 0: one unmapped task) whose element
// e's arguments are args(e) in parameter order, plus after as ordering-only
// dependencies.
func (b *builder) group(name, op string, n int, args func(e int) []compiler.Arg) int {
	mapped := n >= 0
	if !mapped {
		n = 1
	}
	gi := int32(len(b.g.Groups))
	b.g.Groups = append(b.g.Groups, &compiler.Group{Name: name, Op: op, Mapped: mapped, Size: n, First: len(b.g.Tasks),
		Range: spec.Range{File: "test.yaml", Start: spec.Pos{Line: int(gi) + 1, Column: 3}}})
	for e := 0; e < n; e++ {
		a := args(e)
		var deps []int32
		for k := range a {
			eachRef(&a[k], func(r int32) { deps = append(deps, r) })
		}
		idx := int32(e)
		if !mapped {
			idx = -1
		}
		b.g.Tasks = append(b.g.Tasks, compiler.Task{Group: gi, Index: idx, Args: a, Deps: sortUnique(deps)})
	}
	return int(gi)
}

// all is the whole list of group gi's elements.
func (b *builder) all(gi int) compiler.Arg {
	grp := b.g.Groups[gi]
	items := make([]compiler.Arg, grp.Size)
	for e := range items {
		items[e] = ref(grp.First + e)
	}
	return compiler.Arg{Kind: compiler.List, Items: items}
}

// elem is a reference to element e of group gi.
func (b *builder) elem(gi, e int) compiler.Arg { return ref(b.g.Groups[gi].First + e) }

func (b *builder) output(name string, a compiler.Arg) {
	b.g.Outputs = append(b.g.Outputs, compiler.Output{Name: name, Value: a})
}

func ref(i int) compiler.Arg     { return compiler.Arg{Kind: compiler.Ref, Ref: int32(i)} }
func num(v int64) compiler.Arg   { return compiler.Arg{Kind: compiler.Const, Value: v} }
func flt(v float64) compiler.Arg { return compiler.Arg{Kind: compiler.Const, Value: v} }
func zeroDelay() compiler.Arg    { return flt(0) }

// seedGraph is the seed flow without delays: inc[i], dec[i] -> add[i] -> sum.
func seedGraph(t testing.TB, n int) (*compiler.Graph, *operator.Registry) {
	b := newBuilder(t)
	inc := b.group("inc", "inc", n, func(e int) []compiler.Arg { return []compiler.Arg{num(int64(e)), zeroDelay()} })
	dec := b.group("dec", "dec", n, func(e int) []compiler.Arg { return []compiler.Arg{num(int64(e)), zeroDelay()} })
	add := b.group("add", "add", n, func(e int) []compiler.Arg { return []compiler.Arg{b.elem(inc, e), b.elem(dec, e), zeroDelay()} })
	total := b.group("total", "sum", -1, func(int) []compiler.Arg { return []compiler.Arg{b.all(add)} })
	b.output("total", b.elem(total, 0))
	return b.g, b.reg
}

// optimized runs Run and fails the test on an error or a broken
// invariant.
func optimized(t testing.TB, g *compiler.Graph, reg *operator.Registry, opts Options) (*compiler.Graph, *Explain) {
	t.Helper()
	if err := Check(g); err != nil {
		t.Fatalf("input graph: %v", err)
	}
	out, ex, err := Run(g, reg, opts)
	if err != nil {
		t.Fatal(err)
	}
	if err := Check(out); err != nil {
		t.Fatalf("optimized graph: %v", err)
	}
	return out, ex
}

// only runs one pass.
func only(pass string) Options {
	return Options{Level: LevelNone, Passes: map[string]bool{pass: true}, Threads: 1}
}
