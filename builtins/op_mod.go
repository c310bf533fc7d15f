package builtins

import "context"

// opMod is floored modulo, as Python's %: the result has the sign of y.
func opMod() *Op {
	return &Op{
		Name: "mod",
		Doc:  "x modulo y, floored as in Python: the result has the sign of y (-7 mod 3 = 2).",
		Params: []Param{
			required("x", Number, "the left operand"),
			required("y", Number, "the right operand"),
		},
		Result: Number,
		Pure:   true,
		Go: func(_ context.Context, args []any) (any, error) {
			x, y, err := numberPair(args)
			if err != nil {
				return nil, err
			}
			return modNumbers("mod", x, y)
		},
		Examples: []Example{
			ex(int64(1), "x", int64(7), "y", int64(3)),
			ex(int64(2), "x", int64(-7), "y", int64(3)),
			ex(int64(-2), "x", int64(7), "y", int64(-3)),
			ex(1.5, "x", 7.5, "y", int64(2)),
			exErr("division by zero in mod: 1 % 0", "x", int64(1), "y", int64(0)),
		},
	}
}
