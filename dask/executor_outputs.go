package dask

import (
	"github.com/flowspec/flowspec/compiler"
	"github.com/flowspec/flowspec/runtime"
)

// outputTasks returns the distinct tasks the flow's outputs read.
func outputTasks(g *compiler.Graph) []int32 {
	seen := map[int32]bool{}
	var out []int32
	var walk func(a *compiler.Arg)
	walk = func(a *compiler.Arg) {
		if a.Kind == compiler.Ref && !seen[a.Ref] {
			seen[a.Ref] = true
			out = append(out, a.Ref)
		}
		for i := range a.Items {
			walk(&a.Items[i])
		}
	}
	for i := range g.Outputs {
		walk(&g.Outputs[i].Value)
	}
	return out
}

// persistTasks returns the tasks of groups marked persist: true.
func persistTasks(g *compiler.Graph) []int32 {
	var out []int32
	for _, grp := range g.Groups {
		if grp.Persist {
			for i := grp.First; i < grp.First+grp.Size; i++ {
				out = append(out, int32(i))
			}
		}
	}
	return out
}

// persisted picks the persisted tasks' values out of the gathered ones,
// for Result.Persisted; nil when the graph persists nothing.
func persisted(g *compiler.Graph, values map[int32]any) map[int32]any {
	var out map[int32]any
	for _, i := range persistTasks(g) {
		if v, ok := values[i]; ok {
			if out == nil {
				out = map[int32]any{}
			}
			out[i] = v
		}
	}
	return out
}

// resumeInputs picks the values a resume needs out of the gathered ones,
// for Result.ResumeInputs; nil when every task succeeded.
func resumeInputs(g *compiler.Graph, state []runtime.State, values map[int32]any) map[int32]any {
	var out map[int32]any
	for _, i := range runtime.ResumeInputs(g, func(t int32) runtime.State { return state[t] }) {
		if v, ok := values[i]; ok {
			if out == nil {
				out = map[int32]any{}
			}
			out[i] = v
		}
	}
	return out
}

// outputs builds the Result's named values from the gathered task values.
// An output is OK only when every task it reads succeeded.
func outputs(g *compiler.Graph, state []runtime.State, values map[int32]any) []runtime.NamedValue {
	out := make([]runtime.NamedValue, len(g.Outputs))
	for i, o := range g.Outputs {
		v, ok := resolve(&o.Value, state, values)
		if !ok {
			v = nil
		}
		out[i] = runtime.NamedValue{Name: o.Name, Value: v, OK: ok}
		if !ok {
			out[i].Missing = runtime.WhyNoValue(g, &o.Value, func(t int32) runtime.State { return state[t] })
		}
	}
	return out
}

func resolve(a *compiler.Arg, state []runtime.State, values map[int32]any) (any, bool) {
	switch a.Kind {
	case compiler.Const:
		return a.Value, true
	case compiler.Ref:
		v, ok := values[a.Ref]
		return v, ok && state[a.Ref] == runtime.Success
	case compiler.List:
		l := make([]any, len(a.Items))
		all := true
		for i := range a.Items {
			v, ok := resolve(&a.Items[i], state, values)
			l[i], all = v, all && ok
		}
		return l, all
	case compiler.Map:
		m := make(map[string]any, len(a.Items))
		all := true
		for i := range a.Items {
			v, ok := resolve(&a.Items[i], state, values)
			m[a.Names[i]], all = v, all && ok
		}
		return m, all
	}
	return nil, false
}
