package builtins

import (
	"context"

	"github.com/flowspec/flowspec/operator"
	"github.com/flowspec/flowspec/value"
)

// opMean is the arithmetic mean of a list.
func opMean() *operator.Op {
	return &operator.Op{
		Name:   "mean",
		Doc:    "The arithmetic mean of values, a float: sum(values) / count(values).",
		Params: []operator.Param{required("values", value.List, "a non-empty list of numbers")},
		Result: value.Float,
		Pure:   true,
		Go: func(_ context.Context, args []any) (any, error) {
			l, err := nonEmptyList("values", args[0])
			if err != nil {
				return nil, err
			}
			s, err := sumList("mean", l)
			if err != nil {
				return nil, err
			}
			return value.Div("mean", s, int64(len(l)))
		},
		Examples: []operator.Example{
			ex(2.0, "values", []any{int64(1), int64(2), int64(3)}),
			ex(1.75, "values", []any{int64(1), 2.5}),
			exErr("values is empty", "values", []any{}),
		},
	}
}
