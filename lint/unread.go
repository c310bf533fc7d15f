package lint

import (
	"fmt"

	"github.com/flowspec/flowspec/compiler"
)

// unreadTask: in a flow with outputs, a task whose operator is pure (its
// result is all it does) that no task reads or waits for and no output
// reports: the optimizer drops it, so it never runs, which its author
// rarely meant. Tasks with effects (shell, impure Python) run for them and
// are left alone; a flow without outputs runs every task, so it is too.
var unreadTask = Rule{
	ID:    "unread-task",
	Doc:   "a pure task that no task reads and no output needs",
	check: checkUnread,
}

func checkUnread(in *input) []finding {
	g := in.graph
	if g == nil || len(g.Outputs) == 0 {
		return nil
	}
	read := readGroups(g)
	var out []finding
	for i, grp := range g.Groups {
		if grp.Hidden || read[i] {
			continue
		}
		if op, ok := in.reg.Lookup(grp.Op); !ok || !op.Pure {
			continue
		}
		out = append(out, finding{at: grp.Range,
			message: fmt.Sprintf("nothing reads task %q: no task uses its result and no output reports it, so the optimizer leaves it out of the run", grp.Name),
			hint:    fmt.Sprintf("report it under outputs: (e.g. %s: ${{ tasks.%s }}) or remove the task", grp.Name, grp.Name)})
	}
	return out
}

// readGroups marks the groups some other group depends on or an output
// refers to.
func readGroups(g *compiler.Graph) map[int]bool {
	read := map[int]bool{}
	for _, ups := range g.GroupEdges() {
		for _, up := range ups {
			read[int(up)] = true
		}
	}
	var mark func(a compiler.Arg)
	mark = func(a compiler.Arg) {
		switch a.Kind {
		case compiler.Ref:
			read[int(g.Tasks[a.Ref].Group)] = true
		case compiler.GroupList: // a rule group's list (a lazy graph)
			read[int(a.Ref)] = true
		}
		for _, it := range a.Items {
			mark(it)
		}
	}
	for _, o := range g.Outputs {
		mark(o.Value)
	}
	return read
}
