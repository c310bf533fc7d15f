package builtins

import (
	"context"

	"github.com/flowspec/flowspec/operator"
	"github.com/flowspec/flowspec/value"
)

// opLast is a list's last element.
func opLast() *operator.Op {
	return &operator.Op{
		Name:   "last",
		Doc:    "The last element of values; an empty list is an error.",
		Params: []operator.Param{required("values", value.List, "a non-empty list")},
		Result: value.Any,
		Pure:   true,
		Go: func(_ context.Context, args []any) (any, error) {
			l, err := nonEmptyList("values", args[0])
			if err != nil {
				return nil, err
			}
			return l[len(l)-1], nil
		},
		Examples: []operator.Example{
			ex("b", "values", []any{"a", "b"}),
			exErr("values is empty", "values", []any{}),
		},
	}
}
