package builtins

import (
	"context"

	"github.com/flowspec/flowspec/operator"
	"github.com/flowspec/flowspec/value"
)

// opFormat fills a template's {name} placeholders from a map.
func opFormat() *operator.Op {
	return &operator.Op{
		Name: "format",
		Doc:  "template with each {name} replaced by values[name] ({{ and }} for literal braces). Strings are inserted as they are, numbers as Python prints them, other values as JSON.",
		Params: []operator.Param{
			required("template", value.String, `text with {name} placeholders, e.g. "{n} items"`),
			optional("values", value.Map, map[string]any{}, "the values the placeholders name"),
		},
		Result: value.String,
		Pure:   true,
		Go: func(_ context.Context, args []any) (any, error) {
			t, err := stringArg("template", args[0])
			if err != nil {
				return nil, err
			}
			m, err := mapArg("values", args[1])
			if err != nil {
				return nil, err
			}
			return value.Format(t, m)
		},
		Examples: []operator.Example{
			ex("3 items at 2.5", "template", "{n} items at {price}", "values", map[string]any{"n": int64(3), "price": 2.5}),
			ex("{literal} 1.0", "template", "{{literal}} {x}", "values", map[string]any{"x": 1.0}),
			exErr(`template uses {m} but values has no "m" (it has: n)`, "template", "{m}", "values", map[string]any{"n": int64(1)}),
		},
	}
}
