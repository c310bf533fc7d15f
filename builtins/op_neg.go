package builtins

import (
	"context"
	"math"
)

// opNeg negates a number.
func opNeg() *Op {
	return &Op{
		Name:   "neg",
		Doc:    "-x.",
		Params: []Param{required("x", Number, "the number to negate")},
		Result: Number,
		Pure:   true,
		Go: func(_ context.Context, args []any) (any, error) {
			x, err := numberArg("x", args[0])
			if err != nil {
				return nil, err
			}
			return negNumber("neg", x)
		},
		Examples: []Example{
			ex(int64(-3), "x", int64(3)),
			ex(2.5, "x", -2.5),
			exErr("integer overflow in neg: -(-9223372036854775808)", "x", int64(math.MinInt64)),
		},
	}
}
