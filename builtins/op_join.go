package builtins

import (
	"context"
	"strings"
)

// opJoin joins values into one string.
func opJoin() *Op {
	return &Op{
		Name: "join",
		Doc:  "The values joined with sep between them. Strings are inserted as they are, other values as format renders them.",
		Params: []Param{
			required("values", List, "the values to join"),
			optional("sep", String, "", "put between neighbours"),
		},
		Result: String,
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
		Examples: []Example{
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
		b.WriteString(Text(v))
	}
	return b.String()
}
