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
	if _, ok := g.Composite(name); !ok {
		op, ok := reg.Lookup(name)
		if !ok {
			return nil, fmt.Errorf("operator %q is not registered with the local executor", name)
		}
		return op, nil
	}
	prog, err := g.Program(reg, name)
	if err != nil {
		return nil, err
	}
	op := prog.Signature()
	op.Go = newComposed(prog).call
	return op, nil
}

// newComposed counts the program's inputs once, for call's allocation.
func newComposed(prog *compiler.Program) composed {
	c := composed{prog: prog}
	for k := range prog.Calls {
		c.inputs += len(prog.Calls[k].Args)
	}
	return c
}

// composed runs a composite's program in process.
type composed struct {
	prog   *compiler.Program
	inputs int // the calls' arguments in all, allocated at once per call
}

// call runs the program's calls in order, each on its inputs. Each call
// checks its arguments' types and names its operator in an error ("inc:
// integer overflow ..."), as the unfused task would; the task's key names
// the element. A user's Python function's error reads as unfused.
func (c composed) call(ctx context.Context, args []any) (any, error) {
	// one allocation per element of a batch, not one per call: operators
	// keep no reference to their argument slice
	scratch := make([]any, len(c.prog.Calls)+c.inputs)
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
