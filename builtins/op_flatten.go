package builtins

import (
	"context"

	"github.com/flowspec/flowspec/operator"
	"github.com/flowspec/flowspec/value"
)

// opFlatten flattens nested lists completely, as expr-lang's flatten does,
// so the word means the same in an expression and as an operator. (concat
// is the one-level join of a list of lists.)
func opFlatten() *operator.Op {
	return &operator.Op{
		Name:   "flatten",
		Doc:    "The elements of values with every nested list spliced in, at any depth.",
		Params: []operator.Param{required("values", value.List, "a list, possibly of lists")},
		Result: value.List,
		Pure:   true,
		Go: func(_ context.Context, args []any) (any, error) {
			l, err := listArg("values", args[0])
			if err != nil {
				return nil, err
			}
			return flattenInto(make([]any, 0, len(l)), l), nil
		},
		Examples: []operator.Example{
			ex([]any{int64(1), int64(2), int64(3), "a"}, "values", []any{int64(1), []any{int64(2), []any{int64(3)}}, "a"}),
			ex([]any{}, "values", []any{[]any{}, []any{}}),
		},
	}
}

func flattenInto(out, l []any) []any {
	for _, e := range l {
		if sub, ok := e.([]any); ok {
			out = flattenInto(out, sub)
		} else {
			out = append(out, e)
		}
	}
	return out
}
