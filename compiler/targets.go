package compiler

import (
	"fmt"
	"sort"
	"strings"
)

// WithTargetOutputs returns g reporting the named tasks' results as its
// outputs, so `flowspec run --target add` shows what was asked for rather than
// the flow's outputs, which may need tasks the target does not.
func (g *Graph) WithTargetOutputs(names []string) (*Graph, error) {
	byName := make(map[string]int, len(g.Groups))
	for i, grp := range g.Groups {
		if !grp.Hidden {
			byName[grp.Name] = i
		}
	}
	out := *g
	out.Outputs = make([]Output, 0, len(names))
	for _, name := range names {
		gi, ok := byName[name]
		if !ok {
			return nil, fmt.Errorf("unknown target %q: the flow's tasks are %s", name, visibleNames(byName))
		}
		out.Outputs = append(out.Outputs, Output{Name: name, Value: g.groupValue(gi), Range: g.Groups[gi].Range})
	}
	return &out, nil
}

// groupValue is the argument that reads a whole group's result.
func (g *Graph) groupValue(gi int) Arg {
	grp := g.Groups[gi]
	if !grp.Mapped {
		return Arg{Kind: Ref, Ref: int32(grp.First)}
	}
	items := make([]Arg, grp.Size)
	for i := range items {
		items[i] = Arg{Kind: Ref, Ref: int32(grp.First + i)}
	}
	return Arg{Kind: List, Items: items}
}

// visibleNames lists visible task names, sorted, for messages.
func visibleNames(byName map[string]int) string {
	names := make([]string, 0, len(byName))
	for n := range byName {
		names = append(names, n)
	}
	sort.Strings(names)
	return strings.Join(names, ", ")
}
