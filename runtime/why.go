package runtime

import (
	"fmt"

	"github.com/flowspec/flowspec/compiler"
)

// WhyNoValue says why output value a has no value, given each task's final
// state: the first task it reads that did not succeed, by its key and
// state, and, when that task was skipped or cancelled because of another,
// the task where it started ("task total was skipped: ratio[1] failed").
// Tasks the compiler generated (runtime expressions) are looked through, to
// the tasks of the flow they read. "" when every task a reads succeeded.
func WhyNoValue(g *compiler.Graph, a *compiler.Arg, state func(int32) State) string {
	i, ok := firstNotOK(a, state)
	if !ok {
		return ""
	}
	for g.GroupOf(int(i)).Hidden {
		up, ok := failedDep(g, i, state)
		if !ok {
			break
		}
		i = up
	}
	what := fmt.Sprintf("task %s %s", g.Key(int(i)), stateVerb(state(i)))
	root := i
	for state(root) != Failed {
		up, ok := failedDep(g, root, state)
		if !ok {
			break
		}
		root = up
	}
	if root != i {
		what += fmt.Sprintf(": %s %s", g.Key(int(root)), stateVerb(state(root)))
	}
	return what
}

// firstNotOK returns the first task a reads whose state is not Success.
func firstNotOK(a *compiler.Arg, state func(int32) State) (int32, bool) {
	if a.Kind == compiler.Ref && state(a.Ref) != Success {
		return a.Ref, true
	}
	for k := range a.Items {
		if i, ok := firstNotOK(&a.Items[k], state); ok {
			return i, true
		}
	}
	return 0, false
}

// failedDep returns task i's first upstream task that did not succeed,
// preferring one that failed.
func failedDep(g *compiler.Graph, i int32, state func(int32) State) (int32, bool) {
	found, ok := int32(0), false
	for _, d := range g.Tasks[i].Deps {
		switch state(d) {
		case Failed:
			return d, true
		case Success:
		default:
			if !ok {
				found, ok = d, true
			}
		}
	}
	return found, ok
}

// stateVerb words a final state after a task's name.
func stateVerb(s State) string {
	switch s {
	case Failed:
		return "failed"
	case Skipped:
		return "was skipped"
	case Cancelled:
		return "was cancelled"
	}
	return "did not finish"
}
