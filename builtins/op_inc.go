package builtins

import (
	"context"
	"math"

	"github.com/flowspec/flowspec/operator"
	"github.com/flowspec/flowspec/value"
)

// opInc adds one: with dec and add, the seed flow's simulated work.
func opInc() *operator.Op {
	return &operator.Op{
		Name:   "inc",
		Doc:    "x + 1, after sleeping delay seconds.",
		Params: []operator.Param{required("x", value.Number, "the number to increment"), delayParam()},
		Result: value.Number,
		Pure:   true,
		Check:  checkRules(secondsRule("delay")),
		Go:     inc,
		Ints:   unaryInts(incInt, 1),
		Examples: []operator.Example{
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
	return value.Add("inc", x, int64(1))
}
