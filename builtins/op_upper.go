package builtins

import (
	"context"
	"strings"
)

// opUpper upper-cases text with simple (one character to one character)
// Unicode case mapping, identical on every executor: "ß" stays "ß", where
// Python's str.upper would give "SS".
func opUpper() *Op {
	return &Op{
		Name:   "upper",
		Doc:    "text in upper case (simple Unicode case mapping: one character for one).",
		Params: []Param{required("text", String, "the text to convert")},
		Result: String,
		Pure:   true,
		Go: func(_ context.Context, args []any) (any, error) {
			s, err := stringArg("text", args[0])
			return strings.ToUpper(s), err
		},
		Examples: []Example{
			ex("HELLO, WORLD", "text", "Hello, world"),
			ex("ÉTÉ ß", "text", "été ß"),
		},
	}
}
