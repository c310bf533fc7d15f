package builtins

import "context"

// opCount is the length of a list.
func opCount() *Op {
	return &Op{
		Name:   "count",
		Doc:    "The number of elements of values.",
		Params: []Param{required("values", List, "a list")},
		Result: Int,
		Pure:   true,
		Go: func(_ context.Context, args []any) (any, error) {
			l, err := listArg("values", args[0])
			return int64(len(l)), err
		},
		Examples: []Example{
			ex(int64(3), "values", []any{"a", nil, int64(1)}),
			ex(int64(0), "values", []any{}),
		},
	}
}
