package builtins

import (
	"context"
	"math"

	"github.com/flowspec/flowspec/operator"
	"github.com/flowspec/flowspec/value"
)

// opSum adds up a list: the seed flow's reduction. Associative, so the
// optimizer may sum a long list as a tree of partial sums.
func opSum() *operator.Op {
	return &operator.Op{
		Name:   "sum",
		Doc:    "The sum of values, added left to right: an int when every element is an int, otherwise a float. An empty list sums to 0.",
		Params: []operator.Param{required("values", value.List, "a list of numbers")},
		Result: value.Number,
		Pure:   true,
		Assoc:  true,
		Go: func(_ context.Context, args []any) (any, error) {
			return sumList("sum", args[0])
		},
		Examples: []operator.Example{
			ex(int64(6), "values", []any{int64(1), int64(2), int64(3)}),
			ex(6.5, "values", []any{int64(1), 2.5, int64(3)}),
			ex(int64(0), "values", []any{}),
			exErr("integer overflow in sum: 9223372036854775807 + 1", "values", []any{int64(math.MaxInt64), int64(1)}),
			exErr(`values[1] must be a number, got string "2"`, "values", []any{int64(1), "2"}),
		},
	}
}

// sumList adds the numbers of list v left to right; op names the caller in
// overflow messages. Ints stay exact until the first float.
func sumList(op string, v any) (any, error) {
	l, err := listArg("values", v)
	if err != nil {
		return nil, err
	}
	var acc int64
	for i, e := range l {
		switch x := e.(type) {
		case int64:
			s := acc + x
			if (acc^s)&(x^s) < 0 {
				return nil, value.Overflow(op, acc, "+", x)
			}
			acc = s
		case float64:
			return sumFloats(acc, x, l[i+1:], i+1)
		default:
			return nil, argError(item("values", i), "a number", e)
		}
	}
	return acc, nil
}

// sumFloats continues a sum once it has met its first float.
func sumFloats(acc int64, first float64, rest []any, offset int) (any, error) {
	f := float64(acc) + first
	for i, e := range rest {
		switch x := e.(type) {
		case int64:
			f += float64(x)
		case float64:
			f += x
		default:
			return nil, argError(item("values", offset+i), "a number", e)
		}
	}
	return f, nil
}
