package builtins

import (
	"context"
	"math"

	"github.com/flowspec/flowspec/operator"
	"github.com/flowspec/flowspec/value"
)

// opMax is the largest element of a list; see opMin for why it takes one
// list (the maximum of a and b is `values: [a, b]`).
func opMax() *operator.Op {
	return &operator.Op{
		Name:   "max",
		Doc:    "The largest of values: numbers (ints and floats compared exactly; NaN is an error, since it has no order) or strings. The first of equal elements wins.",
		Params: []operator.Param{required("values", value.List, "a non-empty list of numbers, or of strings")},
		Result: value.Any,
		Pure:   true,
		Assoc:  true,
		Go: func(_ context.Context, args []any) (any, error) {
			return extreme(args[0], true)
		},
		Examples: []operator.Example{
			ex(int64(3), "values", []any{int64(3), int64(1), 2.5}),
			ex(int64(1), "values", []any{int64(1), 1.0}),
			ex("pear", "values", []any{"pear", "apple"}),
			exErr("values is empty", "values", []any{}),
			exErr("values[0] is nan, which cannot be compared", "values", []any{math.NaN(), int64(1)}),
		},
	}
}
