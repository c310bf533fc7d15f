package builtins

import (
	"context"
	"fmt"
	"sort"
	"strings"
)

// opFormat fills a template's {name} placeholders from a map.
func opFormat() *Op {
	return &Op{
		Name: "format",
		Doc:  "template with each {name} replaced by values[name] ({{ and }} for literal braces). Strings are inserted as they are, numbers as Python prints them, other values as JSON.",
		Params: []Param{
			required("template", String, `text with {name} placeholders, e.g. "{n} items"`),
			optional("values", Map, map[string]any{}, "the values the placeholders name"),
		},
		Result: String,
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
			return Format(t, m)
		},
		Examples: []Example{
			ex("3 items at 2.5", "template", "{n} items at {price}", "values", map[string]any{"n": int64(3), "price": 2.5}),
			ex("{literal} 1.0", "template", "{{literal}} {x}", "values", map[string]any{"x": 1.0}),
			exErr(`template uses {m} but values has no "m" (it has: n)`, "template", "{m}", "values", map[string]any{"n": int64(1)}),
		},
	}
}

// Format fills template's {name} placeholders from values; the expression
// function format is the same function.
func Format(template string, values map[string]any) (string, error) {
	var b strings.Builder
	for i := 0; i < len(template); i++ {
		c := template[i]
		switch {
		case (c == '{' || c == '}') && i+1 < len(template) && template[i+1] == c:
			b.WriteByte(c)
			i++
		case c == '}':
			return "", fmt.Errorf("template has an unmatched }; write }} for a literal brace")
		case c == '{':
			end := strings.IndexAny(template[i+1:], "{}")
			if end < 0 || template[i+1+end] != '}' {
				return "", fmt.Errorf("template has an unclosed {; write {{ for a literal brace")
			}
			name := template[i+1 : i+1+end]
			v, err := placeholder(name, values)
			if err != nil {
				return "", err
			}
			b.WriteString(Text(v))
			i += end + 1
		default:
			b.WriteByte(c)
		}
	}
	return b.String(), nil
}

func placeholder(name string, values map[string]any) (any, error) {
	if name == "" {
		return nil, fmt.Errorf("template has an empty {}; put a key of values between the braces")
	}
	if strings.ContainsAny(name, ":!") {
		return nil, fmt.Errorf("template uses {%s}: format specs are not supported; compute the text in an expr", name)
	}
	v, ok := values[name]
	if !ok {
		keys := make([]string, 0, len(values))
		for k := range values {
			keys = append(keys, k)
		}
		sort.Strings(keys)
		return nil, fmt.Errorf("template uses {%s} but values has no %s (it has: %s)", name, Quote(name), strings.Join(keys, ", "))
	}
	return v, nil
}
