package builtins

import (
	"context"
	"math"

	"github.com/flowspec/flowspec/operator"
	"github.com/flowspec/flowspec/value"
)

// opAbs is the absolute value.
func opAbs() *operator.Op {
	return &operator.Op{
		Name:   "abs",
		Doc:    "The absolute value of x.",
		Params: []operator.Param{required("x", value.Number, "a number")},
		Result: value.Number,
		Pure:   true,
		Go: func(_ context.Context, args []any) (any, error) {
			x, err := numberArg("x", args[0])
			if err != nil {
				return nil, err
			}
			return absNumber(x)
		},
		Examples: []operator.Example{
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
		return value.Neg("abs", x)
	}
	return x, nil
}
