package builtins

import (
	"github.com/flowspec/flowspec/operator"
	"github.com/flowspec/flowspec/value"
)

// The integer fast paths (operator.IntPath) of the arithmetic built-ins
// are value's checked int64 arithmetic, which their Go functions call too
// (value.Add and the others), so the two agree by construction; an
// overflow answers false and the Go function reports it.

// unaryInts is the fast path of an operator of one int parameter, x, at
// position 0; zero lists its delay.
func unaryInts(f func(x int64) (int64, bool), zero ...int) *operator.IntPath {
	return &operator.IntPath{Operands: []int{0}, Zero: zero, Func: func(x, _ int64) (int64, bool) { return f(x) }}
}

// binaryInts is the fast path of an operator of parameters x and y at
// positions 0 and 1; zero lists its delay.
func binaryInts(f func(x, y int64) (int64, bool), zero ...int) *operator.IntPath {
	return &operator.IntPath{Operands: []int{0, 1}, Zero: zero, Func: f}
}

func incInt(x int64) (int64, bool) { return value.AddInt(x, 1) }
func decInt(x int64) (int64, bool) { return value.SubInt(x, 1) }

// withInts sets op's integer fast path.
func withInts(op *operator.Op, p *operator.IntPath) *operator.Op {
	op.Ints = p
	return op
}
