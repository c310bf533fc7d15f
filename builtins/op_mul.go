package builtins

import (
	"math"

	"github.com/flowspec/flowspec/operator"
	"github.com/flowspec/flowspec/value"
)

// opMul multiplies two numbers.
func opMul() *operator.Op {
	return withInts(binaryOp("mul", "x * y. Two ints give an int, otherwise a float.", value.Number, value.Mul,
		ex(int64(6), "x", int64(2), "y", int64(3)),
		ex(-1.5, "x", -0.5, "y", int64(3)),
		exErr("integer overflow in mul: 9223372036854775807 * 2", "x", int64(math.MaxInt64), "y", int64(2)),
	), binaryInts(value.MulInt))
}
