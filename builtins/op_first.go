package builtins

import (
	"context"

	"github.com/flowspec/flowspec/operator"
	"github.com/flowspec/flowspec/value"
)

// opFirst is a list's first element.
func opFirst() *operator.Op {
	return &operator.Op{
		Name:   "first",
		Doc:    "The first element of values; an empty list is an error.",
		Params: []operator.Param{required("values", value.List, "a non-empty list")},
		Result: value.Any,
		Pure:   true,
		Go: func(_ context.Context, args []any) (any, error) {
			l, err := nonEmptyList("values", args[0])
			if err != nil {
				return nil, err
			}
			return l[0], nil
		},
		Examples: []operator.Example{
			ex("a", "values", []any{"a", "b"}),
			exErr("values is empty", "values", []any{}),
		},
	}
}
