package builtins

import (
	"context"
	"math"

	"github.com/flowspec/flowspec/operator"
	"github.com/flowspec/flowspec/value"
)

// opNeg negates a number.
func opNeg() *operator.Op {
	return &operator.Op{
		Name:   "neg",
		Doc:    "-x.",
		Params: []operator.Param{required("x", value.Number, "the number to negate")},
		Result: value.Number,
		Pure:   true,
		Ints:   unaryInts(value.NegInt),
		Go: func(_ context.Context, args []any) (any, error) {
			x, err := numberArg("x", args[0])
			if err != nil {
				return nil, err
			}
			return value.Neg("neg", x)
		},
		Examples: []operator.Example{
			ex(int64(-3), "x", int64(3)),
			ex(2.5, "x", -2.5),
			exErr("integer overflow in neg: -(-9223372036854775808)", "x", int64(math.MinInt64)),
		},
	}
}
