package builtins

import (
	"context"
	"strings"
)

// opLower lower-cases text with simple Unicode case mapping, identical on
// every executor ("İ" becomes "i"; no context-dependent final sigma).
func opLower() *Op {
	return &Op{
		Name:   "lower",
		Doc:    "text in lower case (simple Unicode case mapping: one character for one).",
		Params: []Param{required("text", String, "the text to convert")},
		Result: String,
		Pure:   true,
		Go: func(_ context.Context, args []any) (any, error) {
			s, err := stringArg("text", args[0])
			return strings.ToLower(s), err
		},
		Examples: []Example{
			ex("hello, world", "text", "Hello, World"),
			ex("οδυσσεύσ", "text", "ΟΔΥΣΣΕΎΣ"),
		},
	}
}
