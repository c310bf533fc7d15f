package builtins

import (
	"context"
	"math"

	"github.com/flowspec/flowspec/operator"
	"github.com/flowspec/flowspec/value"
)

// opMin is the smallest element of a list. It takes one list rather than
// two operands so that it reduces a mapped task directly; the minimum of
// two values a and b is `values: [a, b]`. Associative: the optimizer may
// split a long list into a tree of partial minimums.
func opMin() *operator.Op {
	return &operator.Op{
		Name:   "min",
		Doc:    "The smallest of values: numbers (ints and floats compared exactly; NaN is an error, since it has no order) or strings. The first of equal elements wins.",
		Params: []operator.Param{required("values", value.List, "a non-empty list of numbers, or of strings")},
		Result: value.Any,
		Pure:   true,
		Assoc:  true,
		Go: func(_ context.Context, args []any) (any, error) {
			return extreme(args[0], false)
		},
		Examples: []operator.Example{
			ex(int64(1), "values", []any{int64(3), int64(1), int64(2)}),
			ex(-0.5, "values", []any{int64(3), -0.5, int64(2)}),
			ex("apple", "values", []any{"pear", "apple"}),
			exErr("values is empty", "values", []any{}),
			exErr("values mixes numbers and strings (values[0] is int, values[1] is string), which cannot be compared",
				"values", []any{int64(1), "a"}),
			exErr("values[1] is nan, which cannot be compared", "values", []any{int64(1), math.NaN(), 0.5}),
		},
	}
}

// extreme returns the first minimum (or maximum) of values, comparing as
// Python's min and max do: a later element replaces the current one only
// when strictly smaller (greater).
func extreme(v any, max bool) (any, error) {
	l, err := nonEmptyList("values", v)
	if err != nil {
		return nil, err
	}
	if err := orderKinds("values", l); err != nil {
		return nil, err
	}
	if err := nanFree("values", l, "compared"); err != nil {
		return nil, err
	}
	best := l[0]
	for _, e := range l[1:] {
		if (!max && value.Less(e, best)) || (max && value.Less(best, e)) {
			best = e
		}
	}
	return best, nil
}
