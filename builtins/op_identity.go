package builtins

import (
	"context"

	"github.com/flowspec/flowspec/operator"
	"github.com/flowspec/flowspec/value"
)

// opIdentity returns its argument: a named place for a value in a flow
// (an output, a join point for after:).
func opIdentity() *operator.Op {
	return &operator.Op{
		Name:   "identity",
		Doc:    "value, unchanged.",
		Params: []operator.Param{required("value", value.Any, "any value")},
		Result: value.Any,
		Pure:   true,
		Go: func(_ context.Context, args []any) (any, error) {
			return args[0], nil
		},
		Examples: []operator.Example{
			ex(map[string]any{"a": []any{int64(1), nil}}, "value", map[string]any{"a": []any{int64(1), nil}}),
			ex(nil, "value", nil),
		},
	}
}
