package runtime

import (
	"slices"

	"github.com/flowspec/flowspec/compiler"
	"github.com/flowspec/flowspec/spec"
)

// graphBuilder builds compiler.Graphs by hand for tests, the way the
// compiler would: groups of tasks whose dependencies are the tasks their
// arguments reference (plus explicit `after` edges), in topological order.
// Group n sits at flow.yaml:n+1:3, so error positions are predictable.
type graphBuilder struct {
	g *compiler.Graph
}

func newGraph() *graphBuilder { return &graphBuilder{g: &compiler.Graph{Flow: "test"}} }

// group adds a group of size tasks; args(i) gives element i's arguments.
// mapped groups index their elements; others must have size 1.
func (b *graphBuilder) group(name, op string, mapped bool, size int, args func(i int) []compiler.Arg) []int32 {
	gi := int32(len(b.g.Groups))
	grp := &compiler.Group{
		Name: name, Op: op, Mapped: mapped, Size: size, First: len(b.g.Tasks),
		Options: compiler.Options{Trigger: compiler.TriggerAllSuccess, Backoff: 1},
		Range:   spec.Range{File: "flow.yaml", Start: spec.Pos{Line: int(gi) + 1, Column: 3}},
	}
	b.g.Groups = append(b.g.Groups, grp)
	ids := make([]int32, size)
	for i := range size {
		idx := int32(-1)
		if mapped {
			idx = int32(i)
		}
		a := args(i)
		ids[i] = int32(len(b.g.Tasks))
		b.g.Tasks = append(b.g.Tasks, compiler.Task{Group: gi, Index: idx, Args: a, Deps: depsOf(a)})
	}
	return ids
}

// mapped adds a mapped group of n elements.
func (b *graphBuilder) mapped(name, op string, n int, args func(i int) []compiler.Arg) []int32 {
	return b.group(name, op, true, n, args)
}

// task adds a single-task group.
func (b *graphBuilder) task(name, op string, args ...compiler.Arg) int32 {
	return b.group(name, op, false, 1, func(int) []compiler.Arg { return args })[0]
}

// each adds a single Each task; spread marks which arguments it maps over.
func (b *graphBuilder) each(name, op string, args ...compiler.Arg) int32 {
	i := b.task(name, op, args...)
	b.g.Tasks[i].Each = true
	return i
}

// opts edits the options of the group task i belongs to.
func (b *graphBuilder) opts(i int32, edit func(*compiler.Options)) {
	o := &b.g.GroupOf(int(i)).Options
	edit(o)
	if o.When != nil {
		t := &b.g.Tasks[i]
		t.Deps = mergeDeps(t.Deps, depsOf([]compiler.Arg{*o.When}))
	}
}

// after adds ordering-only dependencies to task i.
func (b *graphBuilder) after(i int32, deps ...int32) {
	b.g.Tasks[i].Deps = mergeDeps(b.g.Tasks[i].Deps, deps)
}

// output declares a named output.
func (b *graphBuilder) output(name string, a compiler.Arg) {
	b.g.Outputs = append(b.g.Outputs, compiler.Output{Name: name, Value: a})
}

func (b *graphBuilder) graph() *compiler.Graph { return b.g }

func c(v any) compiler.Arg               { return compiler.Arg{Kind: compiler.Const, Value: v} }
func ref(i int32) compiler.Arg           { return compiler.Arg{Kind: compiler.Ref, Ref: i} }
func spread(a compiler.Arg) compiler.Arg { a.Spread = true; return a }

func list(items ...compiler.Arg) compiler.Arg {
	return compiler.Arg{Kind: compiler.List, Items: items}
}

func refs(ids []int32) compiler.Arg {
	items := make([]compiler.Arg, len(ids))
	for k, i := range ids {
		items[k] = ref(i)
	}
	return list(items...)
}

func dict(kv ...any) compiler.Arg {
	a := compiler.Arg{Kind: compiler.Map}
	for k := 0; k < len(kv); k += 2 {
		a.Names = append(a.Names, kv[k].(string))
		a.Items = append(a.Items, kv[k+1].(compiler.Arg))
	}
	return a
}

func depsOf(args []compiler.Arg) []int32 {
	var deps []int32
	var walk func(a compiler.Arg)
	walk = func(a compiler.Arg) {
		switch a.Kind {
		case compiler.Ref:
			deps = append(deps, a.Ref)
		case compiler.List, compiler.Map:
			for _, it := range a.Items {
				walk(it)
			}
		}
	}
	for _, a := range args {
		walk(a)
	}
	return mergeDeps(nil, deps)
}

func mergeDeps(a, b []int32) []int32 {
	out := slices.Concat(a, b)
	slices.Sort(out)
	return slices.Compact(out)
}
