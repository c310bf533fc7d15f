package builtins

import (
	"fmt"
	"sync"
)

// constructors lists every built-in operator, by family.
var constructors = []func() *Op{
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
}

// All builds a fresh registry of every built-in operator. Tests and
// plugin hosts that register more operators should start from it (or from
// Default, which they must not modify).
func All() (*Registry, error) {
	ops := make([]*Op, 0, len(constructors))
	for _, c := range constructors {
		op, err := define(c())
		if err != nil {
			return nil, err
		}
		ops = append(ops, op)
	}
	return New(ops...)
}

var defaultRegistry = sync.OnceValue(func() *Registry {
	r, err := All()
	if err != nil { // a missing twin or duplicate name; TestDefault catches it
		panic(fmt.Sprintf("builtins: %v", err))
	}
	return r
})

// Default returns the shared registry of built-in operators, built on first
// use. It is read-only: callers that add operators use All instead.
func Default() *Registry { return defaultRegistry() }
