package runtime

import (
	"fmt"
	"slices"
	"strings"

	"github.com/flowspec/flowspec/value"
)

// valueStyle bounds how much of a value is rendered for people: outputs get
// more room than values quoted inside error messages.
type valueStyle struct {
	items int // list items and map entries shown before "… N more"
	chars int // string characters shown before truncation
	depth int // nesting shown before "[…]"
}

var (
	outputStyle  = valueStyle{items: 10, chars: 200, depth: 4}
	messageStyle = valueStyle{items: 3, chars: 40, depth: 2}
)

// FormatValue renders a runtime value compactly for people: scalars as
// value.Repr writes them (floats keep a decimal point, as Python prints
// them; strings quoted), except NaN and ±Inf, spelled as in JSON; lists and
// maps inline, map keys bare, with long ones cut short and counted:
// [0, 1, 2, … 97 more].
func FormatValue(v any) string {
	var b strings.Builder
	outputStyle.write(&b, v, 0)
	return b.String()
}

// describe names a value's type and shows it briefly, for error messages:
// int 5, string "abc", list [1, 2, … 8 more].
func describe(v any) string {
	if v == nil {
		return "null"
	}
	var b strings.Builder
	b.WriteString(string(value.TypeOf(v)))
	b.WriteByte(' ')
	messageStyle.write(&b, v, 0)
	return b.String()
}

// formatFloat renders a float as Python prints it (value.FormatFloat, the
// same text the operators' messages and Python twins use), but spells NaN
// and the infinities as JSON output does (value.NonFinite), so the summary
// and `--output json` agree on them.
func formatFloat(f float64) string {
	if s, ok := value.NonFinite(f); ok {
		return s
	}
	return value.FormatFloat(f)
}

func (s valueStyle) write(b *strings.Builder, v any, depth int) {
	switch v := v.(type) {
	case nil, bool, int64:
		b.WriteString(value.Repr(v))
	case float64:
		b.WriteString(formatFloat(v))
	case string:
		b.WriteString(s.quote(v))
	case []any:
		s.writeList(b, v, depth)
	case map[string]any:
		s.writeMap(b, v, depth)
	default:
		fmt.Fprintf(b, "%v", v)
	}
}

func (s valueStyle) writeList(b *strings.Builder, l []any, depth int) {
	if depth >= s.depth && len(l) > 0 {
		fmt.Fprintf(b, "[… %d items]", len(l))
		return
	}
	b.WriteByte('[')
	for i, it := range l {
		if i == s.items {
			fmt.Fprintf(b, ", … %d more", len(l)-i)
			break
		}
		if i > 0 {
			b.WriteString(", ")
		}
		s.write(b, it, depth+1)
	}
	b.WriteByte(']')
}

func (s valueStyle) writeMap(b *strings.Builder, m map[string]any, depth int) {
	if depth >= s.depth && len(m) > 0 {
		fmt.Fprintf(b, "{… %d entries}", len(m))
		return
	}
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	b.WriteByte('{')
	for i, k := range keys {
		if i == s.items {
			fmt.Fprintf(b, ", … %d more", len(keys)-i)
			break
		}
		if i > 0 {
			b.WriteString(", ")
		}
		b.WriteString(k)
		b.WriteString(": ")
		s.write(b, m[k], depth+1)
	}
	b.WriteByte('}')
}

// quote quotes str as value.Quote does, cutting it to s.chars characters.
func (s valueStyle) quote(str string) string {
	r := []rune(str)
	if len(r) <= s.chars {
		return value.Quote(str)
	}
	return value.Quote(string(r[:s.chars])) + fmt.Sprintf("… (%d chars)", len(r))
}
