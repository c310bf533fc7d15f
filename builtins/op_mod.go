package builtins

// opMod is floored modulo, as Python's %: the result has the sign of y.
func opMod() *Op {
	return binaryOp("mod", "x modulo y, floored as in Python: the result has the sign of y (-7 mod 3 = 2).", Number, modNumbers,
		ex(int64(1), "x", int64(7), "y", int64(3)),
		ex(int64(2), "x", int64(-7), "y", int64(3)),
		ex(int64(-2), "x", int64(7), "y", int64(-3)),
		ex(1.5, "x", 7.5, "y", int64(2)),
		exErr("division by zero in mod: 1 % 0", "x", int64(1), "y", int64(0)),
	)
}
