package expression

import (
	"context"
	"sync"

	"github.com/expr-lang/expr"
	"github.com/expr-lang/expr/vm"
)

// programs caches compiled expressions by source.
var programs sync.Map // string -> *vm.Program

// Compile compiles src with Options, once per distinct source: the expr
// operator runs the same source once per element of a mapped task.
func Compile(src string) (*vm.Program, error) {
	if p, ok := programs.Load(src); ok {
		return p.(*vm.Program), nil
	}
	p, err := expr.Compile(src, Options()...)
	if err != nil {
		return nil, err
	}
	programs.Store(src, p)
	return p, nil
}

// Run runs a compiled program over vars within budget (nil: NewBudget(ctx)),
// so a heavy expression stops at its limits or when ctx ends. vars is not
// changed.
func Run(ctx context.Context, p *vm.Program, vars map[string]any, budget *Budget) (any, error) {
	if budget == nil {
		budget = NewBudget(ctx)
	}
	env := make(map[string]any, len(vars)+1)
	for k, v := range vars {
		env[k] = v
	}
	env[BudgetVar] = budget
	out, err := expr.Run(p, env)
	return out, Explain(err)
}
