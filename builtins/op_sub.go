package builtins

import (
	"math"

	"github.com/flowspec/flowspec/operator"
	"github.com/flowspec/flowspec/value"
)

// opSub subtracts y from x.
func opSub() *operator.Op {
	return withInts(binaryOp("sub", "x - y. Two ints give an int, otherwise a float.", value.Number, value.Sub,
		ex(int64(-1), "x", int64(2), "y", int64(3)),
		ex(0.5, "x", 1.5, "y", int64(1)),
		exErr("integer overflow in sub: -9223372036854775808 - 1", "x", int64(math.MinInt64), "y", int64(1)),
	), binaryInts(value.SubInt))
}
