package builtins

import (
	"github.com/flowspec/flowspec/operator"
	"github.com/flowspec/flowspec/value"
)

// opDiv is true division, as in Python 3 and expr-lang: always a float.
func opDiv() *operator.Op {
	return binaryOp("div", "x / y, always a float (7 / 2 = 3.5). Dividing by zero is an error.", value.Float, value.Div,
		ex(3.5, "x", int64(7), "y", int64(2)),
		ex(2.0, "x", int64(4), "y", int64(2)),
		ex(-0.25, "x", int64(-1), "y", 4.0),
		exErr("division by zero in div: 1 / 0", "x", int64(1), "y", int64(0)),
	)
}
