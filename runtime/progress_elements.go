package runtime

import "github.com/flowspec/flowspec/compiler"

// elements is how many of the flow's elements task t runs, which is what a
// group's progress counts: a batch (an Each task) runs the elements of its
// spread arguments, so "add: 1000000/1000000 done" reads the same optimized
// or not; any other task is one element.
func elements(t *compiler.Task) int {
	if !t.Each {
		return 1
	}
	for k := range t.Args {
		a := &t.Args[k]
		if !a.Spread {
			continue
		}
		if l, ok := a.Value.([]any); ok && a.Kind == compiler.Const {
			return len(l)
		}
		if r, ok := a.Value.(compiler.IntRange); ok && a.Kind == compiler.Const {
			return r.Len
		}
		if a.Kind == compiler.List {
			return len(a.Items)
		}
	}
	return 1
}
