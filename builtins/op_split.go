package builtins

import (
	"context"
	"strings"

	"github.com/flowspec/flowspec/operator"
	"github.com/flowspec/flowspec/value"
)

// opSplit cuts text at a separator, as Python's str.split.
func opSplit() *operator.Op {
	return &operator.Op{
		Name: "split",
		Doc:  `text cut at each sep. With sep "" (the default) it splits at runs of whitespace and drops empty parts, as Python's str.split().`,
		Params: []operator.Param{
			required("text", value.String, "the text to split"),
			optional("sep", value.String, "", `the separator; "" means any run of whitespace`),
		},
		Result: value.List,
		Pure:   true,
		Go: func(_ context.Context, args []any) (any, error) {
			s, err := stringArg("text", args[0])
			if err != nil {
				return nil, err
			}
			sep, err := stringArg("sep", args[1])
			if err != nil {
				return nil, err
			}
			return strings2list(splitText(s, sep)), nil
		},
		Examples: []operator.Example{
			ex([]any{"a", "b", "", "c"}, "text", "a,b,,c", "sep", ","),
			ex([]any{"a", "b"}, "text", "  a \t b\n", "sep", ""),
			ex([]any{}, "text", " ", "sep", ""),
		},
	}
}

// splitText is Python's text.split(sep), or text.split() when sep is "".
func splitText(s, sep string) []string {
	if sep == "" {
		return strings.FieldsFunc(s, isPythonSpace)
	}
	return strings.Split(s, sep)
}

// isPythonSpace is Python's str.isspace for one character, which differs
// from unicode.IsSpace (it includes the separators \x1c-\x1f).
func isPythonSpace(r rune) bool {
	switch r {
	case ' ', '\t', '\n', '\v', '\f', '\r', 0x1c, 0x1d, 0x1e, 0x1f, 0x85, 0xa0, 0x1680,
		0x2028, 0x2029, 0x202f, 0x205f, 0x3000:
		return true
	}
	return r >= 0x2000 && r <= 0x200a
}

func strings2list(ss []string) []any {
	out := make([]any, len(ss))
	for i, s := range ss {
		out[i] = s
	}
	return out
}
