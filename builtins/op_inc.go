package builtins

import (
	"context"
	"math"
)

// opInc adds one: with dec and add, the seed flow's simulated work.
func opInc() *Op {
	return &Op{
		Name:   "inc",
		Doc:    "x + 1, after sleeping delay seconds.",
		Params: []Param{required("x", Number, "the number to increment"), delayParam()},
		Result: Number,
		Pure:   true,
		Go:     inc,
		Examples: []Example{
			ex(int64(4), "x", int64(3)),
			ex(3.5, "x", 2.5),
			ex(int64(1), "x", int64(0), "delay", 0.01),
			exErr("integer overflow in inc: 9223372036854775807 + 1", "x", int64(math.MaxInt64)),
		},
	}
}

func inc(ctx context.Context, args []any) (any, error) {
	x, err := numberArg("x", args[0])
	if err != nil {
		return nil, err
	}
	if err := pause(ctx, args[1]); err != nil {
		return nil, err
	}
	return addNumbers("inc", x, int64(1))
}
