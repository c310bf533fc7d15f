package builtins

import "context"

// opIdentity returns its argument: a named place for a value in a flow
// (an output, a join point for after:).
func opIdentity() *Op {
	return &Op{
		Name:   "identity",
		Doc:    "value, unchanged.",
		Params: []Param{required("value", Any, "any value")},
		Result: Any,
		Pure:   true,
		Go: func(_ context.Context, args []any) (any, error) {
			return args[0], nil
		},
		Examples: []Example{
			ex(map[string]any{"a": []any{int64(1), nil}}, "value", map[string]any{"a": []any{int64(1), nil}}),
			ex(nil, "value", nil),
		},
	}
}
