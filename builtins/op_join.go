package builtins

import (
	"context"
	"strings"

	"github.com/flowspec/flowspec/operator"
	"github.com/flowspec/flowspec/value"
)

// opJoin joins values into one string.
func opJoin() *operator.Op {
	return &operator.Op{
		Name: "join",
		Doc:  "The values joined with sep between them. Strings are inserted as they are, other values as format renders them.",
		Params: []operator.Param{
			required("values", value.List, "the values to join"),
			optional("sep", value.String, "", "put between neighbours"),
		},
		Result: value.String,
		Pure:   true,
		Go: func(_ context.Context, args []any) (any, error) {
			l, err := listArg("values", args[0])
			if err != nil {
				return nil, err
			}
			sep, err := stringArg("sep", args[1])
			if err != nil {
				return nil, err
			}
			return joinValues(l, sep), nil
		},
		Examples: []operator.Example{
			ex("a, b, c", "values", []any{"a", "b", "c"}, "sep", ", "),
			ex("1-2.0-true-null", "values", []any{int64(1), 2.0, true, nil}, "sep", "-"),
			ex("", "values", []any{}),
		},
	}
}

func joinValues(l []any, sep string) string {
	var b strings.Builder
	for i, v := range l {
		if i > 0 {
			b.WriteString(sep)
		}
		b.WriteString(value.Text(v))
	}
	return b.String()
}
