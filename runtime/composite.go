package runtime

import (
	"context"
	"fmt"

	"github.com/flowspec/flowspec/compiler"
	"github.com/flowspec/flowspec/operator"
)

// Op resolves operator name for g on the local executor: a composite the
// optimizer recorded in g, given a Go implementation composed from its
// flattened program, else the operator registered in reg.
func Op(g *compiler.Graph, reg *operator.Registry, name string) (*operator.Op, error) {
	op, _, err := lookupOp(g, reg, name)
	return op, err
}

// lookupOp is Op, also returning a composite's implementation (nil for a
// registered operator), which Each tasks call with a scratch of their own.
func lookupOp(g *compiler.Graph, reg *operator.Registry, name string) (*operator.Op, *composed, error) {
	if _, ok := g.Composite(name); !ok {
		op, ok := reg.Lookup(name)
		if !ok {
			return nil, nil, fmt.Errorf("operator %q is not registered with the local executor", name)
		}
		return op, nil, nil
	}
	prog, err := g.Program(reg, name)
	if err != nil {
		return nil, nil, err
	}
	c := newComposed(prog)
	op := prog.Signature()
	op.Go = c.call
	return op, c, nil
}

// newComposed counts the program's inputs once, for the scratch's size.
func newComposed(prog *compiler.Program) *composed {
	c := &composed{prog: prog}
	for k := range prog.Calls {
		c.inputs += len(prog.Calls[k].Args)
	}
	return c
}

// composed runs a composite's program in process.
type composed struct {
	prog   *compiler.Program
	inputs int // the calls' arguments in all
}

// newScratch returns the slice run needs: one slot per call's result and
// per call's argument.
func (c *composed) newScratch() []any { return make([]any, len(c.prog.Calls)+c.inputs) }

// call runs the program on args with a scratch of its own.
func (c *composed) call(ctx context.Context, args []any) (any, error) {
	return c.run(ctx, args, c.newScratch())
}

// run runs the program's calls in order, each on its inputs, in scratch
// (from newScratch; an Each task reuses one for all its elements:
// operators keep no reference to their argument slice). Each call checks
// its arguments' types and names its operator in an error ("inc: integer
// overflow ..."), as the unfused task would; the task's key names the
// element. A user's Python function's error reads as unfused.
func (c *composed) run(ctx context.Context, args, scratch []any) (any, error) {
	results, free := scratch[:len(c.prog.Calls)], scratch[len(c.prog.Calls):]
	for k := range c.prog.Calls {
		call := &c.prog.Calls[k]
		in := free[:len(call.Args):len(call.Args)]
		free = free[len(call.Args):]
		for j, a := range call.Args {
			if a.FromCall {
				in[j] = results[a.Index]
			} else {
				in[j] = args[a.Index]
			}
		}
		v, err := callChecked(ctx, call.Op, in)
		if err != nil && call.Op.Foreign {
			return nil, err // a Python error as unfused: its traceback names the function
		}
		if err != nil {
			return nil, fmt.Errorf("%s: %w", call.Op.Name, err)
		}
		results[k] = v
	}
	return results[len(results)-1], nil
}

// callChecked checks args as an unfused task's are (checkArgs: a Python
// object reaches only a foreign operator), then calls it.
func callChecked(ctx context.Context, op *operator.Op, args []any) (any, error) {
	if err := checkArgs(op, args); err != nil {
		return nil, err
	}
	return op.Go(ctx, args)
}
