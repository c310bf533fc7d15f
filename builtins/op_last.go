package builtins

import "context"

// opLast is a list's last element.
func opLast() *Op {
	return &Op{
		Name:   "last",
		Doc:    "The last element of values; an empty list is an error.",
		Params: []Param{required("values", List, "a non-empty list")},
		Result: Any,
		Pure:   true,
		Go: func(_ context.Context, args []any) (any, error) {
			l, err := nonEmptyList("values", args[0])
			if err != nil {
				return nil, err
			}
			return l[len(l)-1], nil
		},
		Examples: []Example{
			ex("b", "values", []any{"a", "b"}),
			exErr("values is empty", "values", []any{}),
		},
	}
}
