package builtins

import (
	"context"
	"strings"

	"github.com/flowspec/flowspec/operator"
	"github.com/flowspec/flowspec/value"
)

// opUpper upper-cases text with simple (one character to one character)
// Unicode case mapping, identical on every executor: "ß" stays "ß", where
// Python's str.upper would give "SS".
func opUpper() *operator.Op {
	return &operator.Op{
		Name:   "upper",
		Doc:    "text in upper case (simple Unicode case mapping: one character for one).",
		Params: []operator.Param{required("text", value.String, "the text to convert")},
		Result: value.String,
		Pure:   true,
		Go: func(_ context.Context, args []any) (any, error) {
			s, err := stringArg("text", args[0])
			return strings.ToUpper(s), err
		},
		Examples: []operator.Example{
			ex("HELLO, WORLD", "text", "Hello, world"),
			ex("ÉTÉ ß", "text", "été ß"),
		},
	}
}
