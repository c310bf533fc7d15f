package spec

import (
	"fmt"
	"strings"
	"unicode/utf8"
)

// FlowFields are the members of the flow namespace an expression can read
// (flow.name, flow.run_id, flow.scheduled_time); the compiler binds them.
var FlowFields = []string{"name", "run_id", "scheduled_time"}

// checkRef checks one name an expression reads and records task
// dependencies for the cycle check.
func (c *checker) checkRef(v Value, s Segment, ref exprRef, sc scope) {
	off := runeOffset(s.Text, ref.From)
	text := ref.Name
	if ref.NS != "" {
		text = ref.NS + "." + ref.Name
	}
	r := c.at(v, s.Offset+off)
	if strings.HasPrefix(s.Text[off:], text) && r != v.Range {
		r.End.Column = r.Start.Column + utf8.RuneCountInString(text)
	}
	switch ref.NS {
	case "tasks":
		c.checkTaskRef(r, ref.Name, sc)
	case "params":
		if !c.params[ref.Name] {
			c.ds.Errorf(r, suggestHint(ref.Name, keys(c.params), "declare it under params:"), "unknown param %q %s", ref.Name, sc.in())
		}
	case "env":
		if !c.env[ref.Name] {
			c.ds.Errorf(r, fmt.Sprintf("declare it under env: (env: [%s]) so the flow says what it reads", ref.Name),
				"environment variable %q is not declared %s", ref.Name, sc.in())
		}
	case "flow":
		if !contains(FlowFields, ref.Name) {
			c.ds.Errorf(r, suggestHint(ref.Name, FlowFields, "flow has "+strings.Join(FlowFields, ", ")), "unknown field flow.%s %s", ref.Name, sc.in())
		}
	case "":
		c.checkIdent(r, ref.Name, sc)
	}
}

// checkTaskRef checks tasks.NAME and records the dependency.
func (c *checker) checkTaskRef(r Range, name string, sc scope) {
	switch {
	case !sc.tasks:
		c.ds.Errorf(r, "params are known before any task runs; compute the value in a task instead", "%s cannot read tasks.%s", sc.where, name)
	case c.tasks[name] == nil:
		c.ds.Errorf(r, suggestHint(name, c.names, ""), "unknown task %q %s", name, sc.in())
	case sc.task != nil && name == sc.task.Name:
		c.ds.Errorf(r, "a task cannot read its own result; read another task's, or a param", "task %q refers to itself", name)
	case sc.task != nil:
		c.edges[sc.task.Name] = append(c.edges[sc.task.Name], edge{To: name, Range: r})
	}
}

// checkIdent checks a bare name: index, a whole namespace, or a mistake.
func (c *checker) checkIdent(r Range, name string, sc scope) {
	switch {
	case name == "index" && sc.mapList:
		c.ds.Errorf(r, "use index in with: or when:, which run once per element", "index cannot be used in map: lists, which decide the elements %s", sc.in())
	case name == "index" && !sc.index:
		c.ds.Errorf(r, "index is the element number inside a task with map:", "index is only defined inside a mapped task, not %s", sc.in())
	case name == "tasks":
		c.ds.Errorf(r, "name the task: tasks.NAME or tasks[\"NAME\"]", "tasks is not a value by itself %s: read one task's result", sc.in())
	case contains(namespaces, name):
	default:
		c.ds.Errorf(r, suggestHint(name, namespaces, "expressions read params, tasks, env, flow and index"), "unknown name %q %s", name, sc.in())
	}
}

// in names where an expression is, for messages: in task "add", in outputs.
func (sc scope) in() string {
	if sc.task != nil {
		return fmt.Sprintf("in task %q", sc.task.Name)
	}
	return "in " + sc.where
}

func keys(m map[string]bool) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	return sortedCopy(out)
}
