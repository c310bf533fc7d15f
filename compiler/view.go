package compiler

import (
	"encoding/json"
	"fmt"
	"io"
	"sort"
	"strings"

	"github.com/flowspec/flowspec/value"
)

// GroupEdges returns, for each group, the groups it depends on (sorted), so
// views can draw one node per task instead of one per element.
func (g *Graph) GroupEdges() [][]int32 {
	edges := make([]map[int32]bool, len(g.Groups))
	for i := range edges {
		edges[i] = map[int32]bool{}
	}
	for i := range g.Tasks {
		t := &g.Tasks[i]
		for _, d := range t.Deps {
			if up := g.Tasks[d].Group; up != t.Group {
				edges[t.Group][up] = true
			}
		}
	}
	if g.Lazy() {
		g.ruleEdges(edges)
	}
	out := make([][]int32, len(g.Groups))
	for i, m := range edges {
		for up := range m {
			out[i] = append(out[i], up)
		}
		sort.Slice(out[i], func(a, b int) bool { return out[i][a] < out[i][b] })
	}
	return out
}

// WriteDOT renders the graph for Graphviz, one node per task with its element
// count, edges between tasks.
func (g *Graph) WriteDOT(w io.Writer) error { return g.WriteDOTStates(w, nil) }

// WriteDOTStates is WriteDOT with each task coloured by how its elements
// ended in a run: states maps a task's name to counts by state name
// (success, failed, skipped, cancelled), as `flowspec run --output json`
// reports them under groups. A task that is not there (not run, or a run
// of another graph) is drawn plain.
func (g *Graph) WriteDOTStates(w io.Writer, states map[string]map[string]int) error {
	var b strings.Builder
	fmt.Fprintf(&b, "digraph %q {\n  rankdir=LR;\n  node [shape=box, style=rounded];\n", g.Flow)
	for i, grp := range g.Groups {
		label, style := g.groupLabel(i), "rounded"
		if grp.Hidden {
			style += ",dashed"
		}
		fill, note := stateLook(states[grp.Name])
		attrs := ""
		if fill != "" {
			label += note
			attrs = fmt.Sprintf(", style=%q, fillcolor=%q", style+",filled", fill)
		} else if grp.Hidden {
			attrs = fmt.Sprintf(", style=%q", style)
		}
		fmt.Fprintf(&b, "  g%d [label=%q%s];\n", i, label, attrs)
	}
	for i, ups := range g.GroupEdges() {
		for _, up := range ups {
			fmt.Fprintf(&b, "  g%d -> g%d;\n", up, i)
		}
	}
	b.WriteString("}\n")
	_, err := io.WriteString(w, b.String())
	return err
}

// stateColours are the fills of a task by its worst end state, first
// match wins: any failure red, any cancellation amber, any skip grey,
// otherwise (all succeeded) green.
var stateColours = []struct{ state, fill string }{
	{"failed", "#f4b6b6"},
	{"cancelled", "#fde2a7"},
	{"skipped", "#dddddd"},
	{"success", "#c8e6c9"},
}

// stateLook returns a task's fill and, unless every element succeeded, a
// second label line counting the elements that did not ("1 failed").
func stateLook(counts map[string]int) (fill, note string) {
	for _, c := range stateColours {
		if counts[c.state] > 0 && fill == "" {
			fill = c.fill
		}
		if n := counts[c.state]; n > 0 && c.state != "success" {
			if note != "" {
				note += ", "
			}
			note += fmt.Sprintf("%d %s", n, c.state)
		}
	}
	if note != "" {
		note = "\n" + note
	}
	return fill, note
}

// WriteMermaid renders the graph as a Mermaid flowchart, for Markdown.
func (g *Graph) WriteMermaid(w io.Writer) error {
	var b strings.Builder
	b.WriteString("flowchart LR\n")
	for i := range g.Groups {
		fmt.Fprintf(&b, "  g%d[\"%s\"]\n", i, strings.ReplaceAll(g.groupLabel(i), "\"", "#quot;"))
	}
	for i, ups := range g.GroupEdges() {
		for _, up := range ups {
			fmt.Fprintf(&b, "  g%d --> g%d\n", up, i)
		}
	}
	_, err := io.WriteString(w, b.String())
	return err
}

// MapsAtRunTime reports whether group gi maps over a list known only at
// run time (its tasks are Each tasks, each applying the operator to every
// element): it is mapped, though its element count is not known yet.
func (g *Graph) MapsAtRunTime(gi int) bool {
	grp := g.Groups[gi]
	return !grp.Mapped && grp.Rule == nil && grp.Size > 0 && g.Tasks[grp.First].Each
}

// groupLabel is "name: op ×N" for mapped tasks, "name: op ×?" for a map
// over a list known at run time, "name: op" otherwise.
func (g *Graph) groupLabel(gi int) string {
	grp := g.Groups[gi]
	switch {
	case grp.Mapped:
		return fmt.Sprintf("%s: %s ×%d", grp.Name, grp.Op, grp.Size)
	case g.MapsAtRunTime(gi):
		return fmt.Sprintf("%s: %s ×?", grp.Name, grp.Op)
	}
	return fmt.Sprintf("%s: %s", grp.Name, grp.Op)
}

// jsonGraph is the machine-readable view of a Graph.
type jsonGraph struct {
	Flow    string       `json:"flow"`
	Tasks   int          `json:"tasks"`
	Groups  []jsonGroup  `json:"groups"`
	Outputs []jsonOutput `json:"outputs"`
	Nodes   []jsonTask   `json:"nodes,omitempty"`
}

type jsonGroup struct {
	Name   string `json:"name"`
	Op     string `json:"op"`
	Mapped bool   `json:"mapped"`
	Count  int    `json:"count"`
	// AtRunTime marks a map over a list known only at run time: mapped,
	// with Count tasks and its elements counted when the run gets there.
	AtRunTime bool     `json:"mapped_at_run_time,omitempty"`
	Hidden    bool     `json:"generated,omitempty"`
	After     []string `json:"depends_on"`
	Position  string   `json:"position"`
	// Rule, for a rule group of a lazy graph, gives its elements'
	// arguments (see ruleJSON); they are not listed under nodes.
	Rule []any `json:"rule,omitempty"`
}

type jsonOutput struct {
	Name  string `json:"name"`
	Value any    `json:"value"`
}

type jsonTask struct {
	Key  string   `json:"key"`
	Args []any    `json:"args"`
	Deps []string `json:"deps"`
	Each bool     `json:"each,omitempty"`
}

// WriteJSON renders the graph as JSON: groups with counts and dependencies,
// and with tasks set every task with its arguments. A lazy graph's rule
// group is one group with its rule and no nodes; "tasks" counts its
// elements all the same (Elements).
func (g *Graph) WriteJSON(w io.Writer, tasks bool) error {
	out := jsonGraph{Flow: g.Flow, Tasks: g.Elements(), Groups: []jsonGroup{}, Outputs: []jsonOutput{}}
	for i, ups := range g.GroupEdges() {
		grp := g.Groups[i]
		rt := g.MapsAtRunTime(i)
		jg := jsonGroup{Name: grp.Name, Op: grp.Op, Mapped: grp.Mapped || rt, Count: grp.Size, AtRunTime: rt, Hidden: grp.Hidden, After: []string{}, Position: grp.Range.String(), Rule: g.ruleJSON(i)}
		for _, up := range ups {
			jg.After = append(jg.After, g.Groups[up].Name)
		}
		out.Groups = append(out.Groups, jg)
	}
	for _, o := range g.Outputs {
		out.Outputs = append(out.Outputs, jsonOutput{Name: o.Name, Value: g.argJSON(o.Value)})
	}
	if tasks {
		out.Nodes = g.tasksJSON()
	}
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	return enc.Encode(out)
}

// tasksJSON lists every task with readable arguments.
func (g *Graph) tasksJSON() []jsonTask {
	nodes := make([]jsonTask, len(g.Tasks))
	for i := range g.Tasks {
		t := &g.Tasks[i]
		jt := jsonTask{Key: g.Key(i).String(), Args: make([]any, len(t.Args)), Deps: make([]string, len(t.Deps)), Each: t.Each}
		for j, a := range t.Args {
			jt.Args[j] = g.argJSON(a)
		}
		for j, d := range t.Deps {
			jt.Deps[j] = g.Key(int(d)).String()
		}
		nodes[i] = jt
	}
	return nodes
}

// argJSON renders an argument: constants as themselves (NaN and ±Inf
// spelled as value.JSONSafe does, which encoding/json would refuse),
// references as {"ref": "add[3]"}, every element of a rule group as
// {"ref": "add[:]"}.
func (g *Graph) argJSON(a Arg) any {
	switch a.Kind {
	case Ref:
		return map[string]any{"ref": g.Key(int(a.Ref)).String()}
	case GroupList:
		return map[string]any{"ref": g.Groups[a.Ref].Name + "[:]"}
	case List:
		items := make([]any, len(a.Items))
		for i, it := range a.Items {
			items[i] = g.argJSON(it)
		}
		return items
	case Map:
		m := make(map[string]any, len(a.Items))
		for i, it := range a.Items {
			m[a.Names[i]] = g.argJSON(it)
		}
		return m
	}
	return value.JSONSafe(a.Value)
}
