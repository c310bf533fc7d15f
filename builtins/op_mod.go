package builtins

import (
	"github.com/flowspec/flowspec/operator"
	"github.com/flowspec/flowspec/value"
)

// opMod is floored modulo, as Python's %: the result has the sign of y.
func opMod() *operator.Op {
	return binaryOp("mod", "x modulo y, floored as in Python: the result has the sign of y (-7 mod 3 = 2).", value.Number, value.Mod,
		ex(int64(1), "x", int64(7), "y", int64(3)),
		ex(int64(2), "x", int64(-7), "y", int64(3)),
		ex(int64(-2), "x", int64(7), "y", int64(-3)),
		ex(1.5, "x", 7.5, "y", int64(2)),
		exErr("division by zero in mod: 1 % 0", "x", int64(1), "y", int64(0)),
	)
}
