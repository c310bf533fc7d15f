// Package builtins holds flowspec's built-in operators, one file each, with
// their Python twins (python/*.py), which must compute the same values:
// Default is the registry every flow starts from.
package builtins

import (
	"fmt"
	"sync"

	"github.com/flowspec/flowspec/operator"
)

// constructors lists every built-in operator, by family.
var constructors = []func() *operator.Op{
	// arithmetic
	opInc, opDec, opAdd, opSub, opMul, opDiv, opMod, opPow, opNeg, opAbs, opMin, opMax,
	// collections
	opSum, opMean, opCount, opConcat, opFlatten, opSort, opUnique, opRange, opZip, opFirst, opLast,
	// strings
	opFormat, opUpper, opLower, opSplit, opJoin,
	// control
	opSleep, opFail, opIdentity,
	// expressions
	opExpr,
	// commands
	opShell,
}

// All builds a fresh registry of every built-in operator. Tests and
// plugin hosts that register more operators should start from it (or from
// Default, which they must not modify).
func All() (*operator.Registry, error) {
	ops := make([]*operator.Op, 0, len(constructors))
	for _, c := range constructors {
		op, err := define(c())
		if err != nil {
			return nil, err
		}
		ops = append(ops, op)
	}
	return operator.New(ops...)
}

var defaultRegistry = sync.OnceValue(func() *operator.Registry {
	r, err := All()
	if err != nil { // a missing twin or duplicate name; TestDefault catches it
		panic(fmt.Sprintf("builtins: %v", err))
	}
	return r
})

// Default returns the shared registry of built-in operators, built on first
// use. It is read-only: callers that add operators use All instead.
func Default() *operator.Registry { return defaultRegistry() }
