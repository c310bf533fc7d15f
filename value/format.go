package value

import (
	"fmt"
	"sort"
	"strings"
)

// Format fills template's {name} placeholders from values ({{ and }} for
// literal braces), inserting each as Text renders it: the format operator
// and the expression function format are this function.
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
