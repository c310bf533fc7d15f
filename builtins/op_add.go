package builtins

import (
	"context"
	"math"

	"github.com/flowspec/flowspec/operator"
	"github.com/flowspec/flowspec/value"
)

// opAdd adds two numbers: the seed flow's pairwise step.
func opAdd() *operator.Op {
	return &operator.Op{
		Name: "add",
		Doc:  "x + y, after sleeping delay seconds. Two ints give an int, otherwise a float.",
		Params: []operator.Param{
			required("x", value.Number, "the left operand"),
			required("y", value.Number, "the right operand"),
			delayParam(),
		},
		Result: value.Number,
		Pure:   true,
		Check:  checkRules(secondsRule("delay")),
		Go:     add,
		Ints:   binaryInts(value.AddInt, 2),
		Examples: []operator.Example{
			ex(int64(5), "x", int64(2), "y", int64(3)),
			ex(3.5, "x", int64(1), "y", 2.5),
			exErr("integer overflow in add: 9223372036854775807 + 1", "x", int64(math.MaxInt64), "y", int64(1)),
			exErr(`y must be a number, got string "3"`, "x", int64(2), "y", "3"),
		},
	}
}

func add(ctx context.Context, args []any) (any, error) {
	x, y, err := numberPair(args)
	if err != nil {
		return nil, err
	}
	if err := pause(ctx, args[2]); err != nil {
		return nil, err
	}
	return value.Add("add", x, y)
}

// numberPair checks the x and y parameters of a binary arithmetic operator.
func numberPair(args []any) (x, y any, err error) {
	if x, err = numberArg("x", args[0]); err != nil {
		return nil, nil, err
	}
	if y, err = numberArg("y", args[1]); err != nil {
		return nil, nil, err
	}
	return x, y, nil
}
