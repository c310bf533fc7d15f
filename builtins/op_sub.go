package builtins

import (
	"context"
	"math"
)

// opSub subtracts y from x.
func opSub() *Op {
	return &Op{
		Name: "sub",
		Doc:  "x - y. Two ints give an int, otherwise a float.",
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
			return subNumbers("sub", x, y)
		},
		Examples: []Example{
			ex(int64(-1), "x", int64(2), "y", int64(3)),
			ex(0.5, "x", 1.5, "y", int64(1)),
			exErr("integer overflow in sub: -9223372036854775808 - 1", "x", int64(math.MinInt64), "y", int64(1)),
		},
	}
}
