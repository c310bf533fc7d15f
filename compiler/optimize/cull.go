package optimize

import (
	"fmt"
	"sort"
	"strings"

	"github.com/flowspec/flowspec/compiler"
)

// cull keeps only the tasks the run needs: those the targets (or, with no
// targets, the outputs) read directly or indirectly, and, with no targets,
// every task of an operator with effects (shell, fail, sleep...) and what
// it reads, since running those is the point of a flow. A flow without
// outputs keeps everything. A pure task nobody reads is not run: its
// failure would not change any result.
//
// With targets, outputs that read a culled task are dropped.
func cull(o *optimizer, g *compiler.Graph) (*compiler.Graph, string, error) {
	roots, err := cullRoots(o, g)
	if err != nil {
		return nil, "", err
	}
	if roots == nil {
		return g, "no outputs or targets: everything kept", nil
	}
	keep := make([]bool, len(g.Tasks))
	for i := len(g.Tasks) - 1; i >= 0; i-- {
		if roots[i] {
			keep[i] = true
		}
		if keep[i] {
			for _, d := range g.Tasks[i].Deps {
				keep[d] = true
			}
		}
	}
	alias := make([]int32, len(g.Tasks))
	dropped := 0
	for i := range alias {
		alias[i] = int32(i)
		if !keep[i] {
			alias[i], dropped = -1, dropped+1
		}
	}
	if len(o.opts.Targets) > 0 {
		g.Outputs = keptOutputs(g.Outputs, keep)
	}
	return compact(g, alias), plural(dropped, "task") + " not needed", nil
}

// cullRoots marks the tasks that must run; nil means all of them.
func cullRoots(o *optimizer, g *compiler.Graph) ([]bool, error) {
	roots := make([]bool, len(g.Tasks))
	if len(o.opts.Targets) > 0 {
		return roots, markTargets(g, o.opts.Targets, roots)
	}
	if len(g.Outputs) == 0 {
		return nil, nil
	}
	for _, out := range g.Outputs {
		eachRef(&out.Value, func(r int32) { roots[r] = true })
	}
	for _, grp := range g.Groups {
		if op, ok := o.op(g, grp); !ok || !op.Pure {
			markGroup(grp, roots)
		}
	}
	return roots, nil
}

// markTargets marks the tasks of each named group.
func markTargets(g *compiler.Graph, targets []string, roots []bool) error {
	byName := make(map[string]*compiler.Group, len(g.Groups))
	for _, grp := range g.Groups {
		byName[grp.Name] = grp
	}
	for _, name := range targets {
		grp, ok := byName[name]
		if !ok {
			return fmt.Errorf("unknown target %q: the flow's tasks are %s", name, taskNames(g))
		}
		markGroup(grp, roots)
	}
	return nil
}

func markGroup(grp *compiler.Group, roots []bool) {
	for i := grp.First; i < grp.First+grp.Size; i++ {
		roots[i] = true
	}
}

// taskNames lists the visible group names, sorted, for an error message.
func taskNames(g *compiler.Graph) string {
	var names []string
	for _, grp := range g.Groups {
		if !grp.Hidden {
			names = append(names, grp.Name)
		}
	}
	sort.Strings(names)
	return strings.Join(names, ", ")
}

// keptOutputs returns the outputs whose every task is kept.
func keptOutputs(outs []compiler.Output, keep []bool) []compiler.Output {
	var kept []compiler.Output
	for _, out := range outs {
		if _, gone := firstRef(out.Value, func(r int32) bool { return !keep[r] }); !gone {
			kept = append(kept, out)
		}
	}
	return kept
}
