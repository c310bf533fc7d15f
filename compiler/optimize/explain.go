package optimize

import (
	"fmt"
	"io"
	"strings"

	"github.com/flowspec/flowspec/compiler"
)

// Explain records what each optimizer pass did, for `flowspec compile
// --explain` (Write renders a table; the JSON tags are its --output json).
type Explain struct {
	Level  Level        `json:"level"`
	Passes []PassReport `json:"passes"`
}

// PassReport is one pass's effect on the graph.
type PassReport struct {
	Name   string `json:"name"`
	Before Count  `json:"before"`
	After  Count  `json:"after"`
	Note   string `json:"note"`
}

// Count is a graph's size: tasks and dependency edges.
type Count struct {
	Tasks int `json:"tasks"`
	Edges int `json:"edges"`
}

// countOf counts g's tasks and edges; a lazy graph's rule groups count as
// the elements and edges they would be made into one by one.
func countOf(g *compiler.Graph) Count {
	c := Count{Tasks: g.Elements()}
	for i := range g.Tasks {
		c.Edges += len(g.Tasks[i].Deps)
	}
	if !g.Lazy() {
		return c
	}
	g.RootArgs(func(a *compiler.Arg) { c.Edges += wholeListEdges(g, a) })
	for _, grp := range g.Groups {
		if grp.Rule == nil {
			continue
		}
		per := 0
		for k, ra := range grp.Rule.Args {
			switch ra.Kind {
			case compiler.RuleElem:
				per++
			case compiler.RuleShared:
				per += wholeListEdges(g, &grp.Rule.Args[k].Shared) + refEdges(&ra.Shared)
			}
		}
		c.Edges += per * grp.Size
	}
	return c
}

// wholeListEdges is the edges a's reads of rule groups' whole lists make
// once made element by element: one per element.
func wholeListEdges(g *compiler.Graph, a *compiler.Arg) int {
	n := 0
	if a.Kind == compiler.GroupList {
		n += g.Groups[a.Ref].Size
	}
	for k := range a.Items {
		n += wholeListEdges(g, &a.Items[k])
	}
	return n
}

// refEdges counts a's references to tasks.
func refEdges(a *compiler.Arg) int {
	n := 0
	if a.Kind == compiler.Ref {
		n++
	}
	for k := range a.Items {
		n += refEdges(&a.Items[k])
	}
	return n
}

// Write renders the passes as an aligned table, one line per pass.
func (e *Explain) Write(w io.Writer) error {
	rows := [][]string{{"pass", "tasks", "edges", "note"}}
	for _, p := range e.Passes {
		rows = append(rows, []string{p.Name,
			fmt.Sprintf("%d -> %d", p.Before.Tasks, p.After.Tasks),
			fmt.Sprintf("%d -> %d", p.Before.Edges, p.After.Edges), p.Note})
	}
	if len(e.Passes) == 0 {
		rows = append(rows, []string{"(none)", "", "", "optimization is off"})
	}
	var b strings.Builder
	fmt.Fprintf(&b, "optimization level %s\n", e.Level)
	width := make([]int, 3)
	for _, r := range rows {
		for i := range width {
			width[i] = max(width[i], len(r[i]))
		}
	}
	for _, r := range rows {
		fmt.Fprintf(&b, "%-*s  %*s  %*s  %s\n", width[0], r[0], width[1], r[1], width[2], r[2], r[3])
	}
	_, err := io.WriteString(w, b.String())
	return err
}

// plural renders n and a noun, plural unless n is 1: "1 group", "3 groups".
func plural(n int, noun string) string {
	if n == 1 {
		return "1 " + noun
	}
	return fmt.Sprintf("%d %ss", n, noun)
}
