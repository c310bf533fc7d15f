package expression

import (
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
