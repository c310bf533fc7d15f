package builtins

import "context"

// opFirst is a list's first element.
func opFirst() *Op {
	return &Op{
		Name:   "first",
		Doc:    "The first element of values; an empty list is an error.",
		Params: []Param{required("values", List, "a non-empty list")},
		Result: Any,
		Pure:   true,
		Go: func(_ context.Context, args []any) (any, error) {
			l, err := nonEmptyList("values", args[0])
			if err != nil {
				return nil, err
			}
			return l[0], nil
		},
		Examples: []Example{
			ex("a", "values", []any{"a", "b"}),
			exErr("values is empty", "values", []any{}),
		},
	}
}
