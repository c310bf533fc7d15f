package builtins

import (
	"context"

	"github.com/flowspec/flowspec/operator"
	"github.com/flowspec/flowspec/value"
)

// opCount is the length of a list.
func opCount() *operator.Op {
	return &operator.Op{
		Name:   "count",
		Doc:    "The number of elements of values.",
		Params: []operator.Param{required("values", value.List, "a list")},
		Result: value.Int,
		Pure:   true,
		Go: func(_ context.Context, args []any) (any, error) {
			l, err := listArg("values", args[0])
			return int64(len(l)), err
		},
		Examples: []operator.Example{
			ex(int64(3), "values", []any{"a", nil, int64(1)}),
			ex(int64(0), "values", []any{}),
		},
	}
}
