package compiler

import (
	"github.com/expr-lang/expr"
	"github.com/flowspec/flowspec/expression"
	"github.com/flowspec/flowspec/spec"
	"github.com/flowspec/flowspec/value"
)

// evalStatic evaluates an expression that reads no task results. The program
// is compiled once and run once per element when it reads index or rand().
func (c *compilation) evalStatic(info *exprInfo, index int) (any, error) {
	// index is set before compiling: the program is type-checked against
	// the environment, and index must be known to it.
	if index >= 0 {
		c.env["index"] = int64(index)
	} else {
		delete(c.env, "index")
	}
	if info.prog == nil {
		opts := append(c.exprOptions(), expr.Env(c.env))
		prog, err := expr.Compile(info.src, opts...)
		if err != nil {
			return nil, err
		}
		info.prog = prog
	}
	c.budget.Restart()
	out, err := expr.Run(info.prog, c.env)
	if err != nil {
		return nil, expression.Explain(err)
	}
	return value.Normalize(out)
}

// exprOptions is the function set of compile-time expressions: the runtime's
// set with rand() drawn from this compilation's source, so a seed makes the
// whole graph reproducible.
func (c *compilation) exprOptions() []expr.Option {
	return append(expression.Options(),
		expr.Function("rand", func(...any) (any, error) { return c.rng.Float64(), nil }, new(func() float64)),
	)
}

// exprTask adds a task that evaluates an expression over task results at run
// time, and returns a reference to it. Its group is named after the place the
// expression appears (add.y, outputs.total) and is hidden in progress views.
func (c *compilation) exprTask(info *exprInfo, v spec.Value, sc scope) (Arg, bool) {
	op, ok := c.reg.Lookup("expr")
	if !ok {
		c.diags.Errorf(v.Range, "", "runtime expressions need the expr operator, which is not registered")
		return Arg{}, false
	}
	tasks := make([]Arg, len(info.tasks))
	for i, name := range info.tasks {
		a, ok := c.taskValue(name, v)
		if !ok {
			return Arg{}, false
		}
		tasks[i] = a
	}
	vars := Arg{Kind: Map, Names: []string{"tasks", "params", "env", "flow"}, Items: []Arg{
		{Kind: Map, Names: info.tasks, Items: tasks},
		{Kind: Const, Value: c.env["params"]},
		{Kind: Const, Value: c.env["env"]},
		{Kind: Const, Value: c.env["flow"]},
	}}
	if sc.index >= 0 {
		vars.Names = append(vars.Names, "index")
		vars.Items = append(vars.Items, Arg{Kind: Const, Value: int64(sc.index)})
	}
	gi := c.hiddenGroup(sc.owner, op.Name, v.Range, sc.index >= 0)
	args := []Arg{{Kind: Const, Value: info.src}, vars}
	return Arg{Kind: Ref, Ref: c.addTask(gi, sc.index, args, nil)}, true
}

// hiddenGroup returns the generated group called name, creating it.
func (c *compilation) hiddenGroup(name, op string, r spec.Range, mapped bool) int32 {
	if gi, ok := c.groupOf[name]; ok {
		return gi
	}
	gi := c.addGroup(&Group{Name: name, Op: op, Mapped: mapped, Range: r, Hidden: true, Options: defaultOptions()})
	c.groupOf[name] = gi
	return gi
}
