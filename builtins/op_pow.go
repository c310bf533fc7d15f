package builtins

import (
	"github.com/flowspec/flowspec/operator"
	"github.com/flowspec/flowspec/value"
)

// opPow raises x to the power y.
func opPow() *operator.Op {
	return binaryOp("pow", "x to the power y. An int to a non-negative int power is an int; otherwise a float.", value.Number, value.Pow,
		ex(int64(1024), "x", int64(2), "y", int64(10)),
		ex(0.5, "x", int64(2), "y", int64(-1)),
		ex(3.0, "x", 9.0, "y", 0.5),
		exErr("integer overflow in pow: 2 ** 63", "x", int64(2), "y", int64(63)),
		exErr("division by zero in pow: 0 ** -1", "x", int64(0), "y", int64(-1)),
	)
}
