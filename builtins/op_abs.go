package builtins

import (
	"context"
	"math"
)

// opAbs is the absolute value.
func opAbs() *Op {
	return &Op{
		Name:   "abs",
		Doc:    "The absolute value of x.",
		Params: []Param{required("x", Number, "a number")},
		Result: Number,
		Pure:   true,
		Go: func(_ context.Context, args []any) (any, error) {
			x, err := numberArg("x", args[0])
			if err != nil {
				return nil, err
			}
			return absNumber(x)
		},
		Examples: []Example{
			ex(int64(3), "x", int64(-3)),
			ex(2.5, "x", 2.5),
			exErr("integer overflow in abs: -(-9223372036854775808)", "x", int64(math.MinInt64)),
		},
	}
}

func absNumber(x any) (any, error) {
	if f, ok := x.(float64); ok {
		return math.Abs(f), nil
	}
	if x.(int64) < 0 {
		return negNumber("abs", x)
	}
	return x, nil
}
