package spec

import (
	"github.com/flowspec/flowspec/operator"
	"go.yaml.in/yaml/v3"
)

// checker runs the semantic checks the schema cannot express: operators and
// their parameters (from the registry), references inside ${{ }}
// expressions, task ordering (after:, cycles) and outputs. Checks that need
// values (list lengths, types of computed values) belong to the compiler.
type checker struct {
	f      *Flow
	reg    *operator.Registry // nil skips operator checks
	tasks  map[string]*Task
	names  []string // task names in file order, for suggestions
	params map[string]bool
	env    map[string]bool
	edges  map[string][]edge // task -> the tasks it depends on, in file order
	lines  []string          // the source's lines, split on first use
	// taskNodes holds each task's mapping node, to look at its raw fields.
	taskNodes map[string]*yaml.Node
	ds        Diagnostics
}

// edge is one dependency of a task, with where it is written.
type edge struct {
	To    string
	Range Range
}

// check runs every semantic check on a decoded flow.
func check(f *Flow, reg *operator.Registry) Diagnostics {
	c := &checker{f: f, reg: reg, tasks: map[string]*Task{}, params: map[string]bool{}, env: map[string]bool{}, edges: map[string][]edge{}}
	for _, t := range f.Tasks {
		c.tasks[t.Name] = t
		c.names = append(c.names, t.Name)
	}
	c.taskNodes = map[string]*yaml.Node{}
	for _, p := range pairs(field(f.Root, "tasks")) {
		c.taskNodes[keyString(p.Key)] = p.Value
	}
	for _, p := range f.Params {
		c.params[p.Name] = true
	}
	for _, e := range f.Env {
		c.env[e.Name] = true
	}
	c.checkParams()
	for _, t := range f.Tasks {
		c.checkTask(t)
	}
	c.checkOutputs()
	c.checkCycles()
	return c.ds
}

// checkTask checks one task's operator, arguments, expressions and after:.
func (c *checker) checkTask(t *Task) {
	c.checkOp(t)
	c.checkMapLiterals(t)
	sc := scope{task: t, tasks: true, index: len(t.Map) > 0}
	for _, a := range t.With {
		c.checkValue(a.Value, sc)
	}
	inMap := sc
	inMap.index, inMap.mapList = false, true
	for _, a := range t.Map {
		c.checkValue(a.Value, inMap)
	}
	c.checkValue(t.When, sc)
	c.checkAfter(t)
}

// checkAfter checks the names in after:.
func (c *checker) checkAfter(t *Task) {
	for _, r := range t.After {
		switch {
		case r.Name == t.Name:
			c.ds.Errorf(r.Range, "remove it from after:", "task %q cannot run after itself", t.Name)
		case c.tasks[r.Name] == nil:
			c.ds.Errorf(r.Range, suggestHint(r.Name, c.names, ""), "unknown task %q in after: of task %q", r.Name, t.Name)
		default:
			c.edges[t.Name] = append(c.edges[t.Name], edge{To: r.Name, Range: r.Range})
		}
	}
}

// checkOutputs checks each output's expressions; outputs read tasks but are
// not inside any mapped task.
func (c *checker) checkOutputs() {
	for _, o := range c.f.Outputs {
		c.checkValue(o.Value, scope{tasks: true, where: "outputs"})
	}
}
