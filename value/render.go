package value

import (
	"math"
	"sort"
	"strconv"
	"strings"
	"unicode/utf8"
)

// Text renders a runtime value the way format and join insert it into a
// string. It is written to match Python's rendering exactly (floats as
// Python's repr: 1.0, 1e+16, nan) so the Go and Python twins of an operator
// produce the same text. Strings are inserted as they are; true, false and
// null are spelled as in YAML and JSON; lists and maps render as JSON.
func Text(v any) string {
	if s, ok := v.(string); ok {
		return s
	}
	return Repr(v)
}

// Repr renders a runtime value for messages: like Text, but strings are
// quoted, so "1" and 1 read differently.
func Repr(v any) string {
	var b strings.Builder
	writeRepr(&b, v)
	return b.String()
}

func writeRepr(b *strings.Builder, v any) {
	switch v := v.(type) {
	case nil:
		b.WriteString("null")
	case bool:
		b.WriteString(strconv.FormatBool(v))
	case int64:
		b.WriteString(strconv.FormatInt(v, 10))
	case float64:
		b.WriteString(FormatFloat(v))
	case string:
		b.WriteString(Quote(v))
	case []any:
		writeList(b, v)
	case map[string]any:
		writeMap(b, v)
	case Opaque:
		b.WriteString(v.String())
	default:
		b.WriteString("<" + string(TypeOf(v)) + ">")
	}
}

func writeList(b *strings.Builder, l []any) {
	b.WriteByte('[')
	for i, e := range l {
		if i > 0 {
			b.WriteString(", ")
		}
		writeRepr(b, e)
	}
	b.WriteByte(']')
}

func writeMap(b *strings.Builder, m map[string]any) {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys) // byte order is code point order for UTF-8, as in Python
	b.WriteByte('{')
	for i, k := range keys {
		if i > 0 {
			b.WriteString(", ")
		}
		b.WriteString(Quote(k))
		b.WriteString(": ")
		writeRepr(b, m[k])
	}
	b.WriteByte('}')
}

// Quote renders s as a JSON string literal, escaping only quotes,
// backslashes and control characters (never non-ASCII text), which is also
// a valid Python literal. The Python twins use the same rules.
func Quote(s string) string {
	var b strings.Builder
	b.Grow(len(s) + 2)
	b.WriteByte('"')
	for _, r := range s {
		switch r {
		case '"':
			b.WriteString(`\"`)
		case '\\':
			b.WriteString(`\\`)
		case '\n':
			b.WriteString(`\n`)
		case '\r':
			b.WriteString(`\r`)
		case '\t':
			b.WriteString(`\t`)
		case '\b':
			b.WriteString(`\b`)
		case '\f':
			b.WriteString(`\f`)
		default:
			if r < 0x20 {
				b.WriteString(`\u00`)
				b.WriteByte("0123456789abcdef"[r>>4])
				b.WriteByte("0123456789abcdef"[r&15])
			} else {
				b.WriteRune(r)
			}
		}
	}
	b.WriteByte('"')
	return b.String()
}

// FormatFloat renders f exactly as Python's repr(float) does: the shortest
// digits that round-trip, positional between 1e-4 and 1e16 with at least
// one decimal ("1.0"), scientific outside ("1e+16", "1.5e-05").
func FormatFloat(f float64) string {
	switch {
	case math.IsNaN(f):
		return "nan"
	case math.IsInf(f, 1):
		return "inf"
	case math.IsInf(f, -1):
		return "-inf"
	}
	s := strconv.FormatFloat(f, 'e', -1, 64) // [-]d[.ddd]e±XX
	sign := ""
	if s[0] == '-' {
		sign, s = "-", s[1:]
	}
	mant, exps, _ := strings.Cut(s, "e")
	exp, _ := strconv.Atoi(exps)
	digits := strings.Replace(mant, ".", "", 1)
	if exp < -4 || exp >= 16 {
		return sign + scientific(digits, exp)
	}
	return sign + positional(digits, exp)
}

func scientific(digits string, exp int) string {
	s := digits[:1]
	if len(digits) > 1 {
		s += "." + digits[1:]
	}
	es := "+"
	if exp < 0 {
		es, exp = "-", -exp
	}
	e := strconv.Itoa(exp)
	if len(e) < 2 {
		e = "0" + e
	}
	return s + "e" + es + e
}

func positional(digits string, exp int) string {
	if exp < 0 {
		return "0." + strings.Repeat("0", -exp-1) + digits
	}
	if len(digits) <= exp+1 {
		return digits + strings.Repeat("0", exp+1-len(digits)) + ".0"
	}
	return digits[:exp+1] + "." + digits[exp+1:]
}

// Describe names a value's type and shows it, shortened, for messages:
// `string "abc"`, `int 3`, `null`, `list of 4`.
func Describe(v any) string {
	switch v := v.(type) {
	case nil:
		return "null"
	case []any:
		return "list of " + strconv.Itoa(len(v))
	case map[string]any:
		return "map of " + strconv.Itoa(len(v))
	case Opaque:
		return v.String()
	}
	return string(TypeOf(v)) + " " + shorten(Repr(v))
}

// shorten cuts long renderings to 60 characters (runes, as Python counts).
func shorten(s string) string {
	const limit = 60
	if utf8.RuneCountInString(s) <= limit {
		return s
	}
	r := []rune(s)
	return string(r[:limit-3]) + "..."
}
