package builtins

import (
	"context"
	"math"

	"github.com/flowspec/flowspec/operator"
	"github.com/flowspec/flowspec/value"
)

// opDec subtracts one: with inc and add, the seed flow's simulated work.
func opDec() *operator.Op {
	return &operator.Op{
		Name:   "dec",
		Doc:    "x - 1, after sleeping delay seconds.",
		Params: []operator.Param{required("x", value.Number, "the number to decrement"), delayParam()},
		Result: value.Number,
		Pure:   true,
		Check:  checkRules(secondsRule("delay")),
		Go:     dec,
		Ints:   unaryInts(decInt, 1),
		Examples: []operator.Example{
			ex(int64(2), "x", int64(3)),
			ex(-0.5, "x", 0.5),
			exErr("integer overflow in dec: -9223372036854775808 - 1", "x", int64(math.MinInt64)),
		},
	}
}

func dec(ctx context.Context, args []any) (any, error) {
	x, err := numberArg("x", args[0])
	if err != nil {
		return nil, err
	}
	if err := pause(ctx, args[1]); err != nil {
		return nil, err
	}
	return value.Sub("dec", x, int64(1))
}
