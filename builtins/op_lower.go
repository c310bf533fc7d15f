package builtins

import (
	"context"
	"strings"

	"github.com/flowspec/flowspec/operator"
	"github.com/flowspec/flowspec/value"
)

// opLower lower-cases text with simple Unicode case mapping, identical on
// every executor ("İ" becomes "i"; no context-dependent final sigma).
func opLower() *operator.Op {
	return &operator.Op{
		Name:   "lower",
		Doc:    "text in lower case (simple Unicode case mapping: one character for one).",
		Params: []operator.Param{required("text", value.String, "the text to convert")},
		Result: value.String,
		Pure:   true,
		Go: func(_ context.Context, args []any) (any, error) {
			s, err := stringArg("text", args[0])
			return strings.ToLower(s), err
		},
		Examples: []operator.Example{
			ex("hello, world", "text", "Hello, World"),
			ex("οδυσσεύσ", "text", "ΟΔΥΣΣΕΎΣ"),
		},
	}
}
