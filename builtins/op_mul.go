package builtins

import (
	"context"
	"math"
)

// opMul multiplies two numbers.
func opMul() *Op {
	return &Op{
		Name: "mul",
		Doc:  "x * y. Two ints give an int, otherwise a float.",
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
			return mulNumbers("mul", x, y)
		},
		Examples: []Example{
			ex(int64(6), "x", int64(2), "y", int64(3)),
			ex(-1.5, "x", -0.5, "y", int64(3)),
			exErr("integer overflow in mul: 9223372036854775807 * 2", "x", int64(math.MaxInt64), "y", int64(2)),
		},
	}
}
