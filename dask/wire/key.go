package wire

import (
	"bytes"
	"fmt"
	"math"
	"strconv"
	"strings"

	ogórek "github.com/kisielk/og-rek"
	"github.com/vmihailenco/msgpack/v5"
)

// Key is a Dask task key: a str, an int, a float, or a tuple of keys, such
// as "total-3f2a" or ("add-3f2a", 7). Dask groups tasks on its dashboard by
// the name before the last dash of a key's first element.
//
// Key is comparable, so it can index maps; it holds the key's canonical
// msgpack encoding, which is also how it travels in message headers. The
// zero Key is invalid.
type Key struct{ enc string }

// StrKey returns the key for the Python string s.
func StrKey(s string) Key { return mustKey(s) }

// TaskKey returns the tuple key (name, index): one element of a mapped task.
func TaskKey(name string, index int) Key { return mustKey([]any{name, int64(index)}) }

// NewKey builds a key from a string, an integer, a float, a Key, or a slice
// of those (a tuple). It fails on any other type.
func NewKey(v any) (Key, error) {
	norm, err := normalizeKey(v, 0)
	if err != nil {
		return Key{}, err
	}
	return mustKey(norm), nil
}

// mustKey encodes an already normalized key value.
func mustKey(norm any) Key {
	var buf bytes.Buffer
	enc := msgpack.NewEncoder(&buf)
	enc.UseCompactInts(true)
	if err := enc.Encode(norm); err != nil {
		panic("wire: encoding a normalized key cannot fail: " + err.Error())
	}
	return Key{buf.String()}
}

// normalizeKey maps v to string, int64, float64 or []any of those.
func normalizeKey(v any, depth int) (any, error) {
	if depth > 32 {
		return nil, fmt.Errorf("key nests tuples more than 32 deep")
	}
	switch x := v.(type) {
	case string, int64, float64:
		return x, nil
	case int:
		return int64(x), nil
	case int32:
		return int64(x), nil
	case uint64:
		if x > math.MaxInt64 {
			return nil, fmt.Errorf("key integer %d does not fit in 64 bits", x)
		}
		return int64(x), nil
	case Key:
		if x.enc == "" {
			return nil, fmt.Errorf("zero Key inside a key")
		}
		return x.Value(), nil
	case []any:
		return normalizeTuple(x, depth)
	case ogórek.Tuple:
		return normalizeTuple(x, depth)
	case Tuple:
		return normalizeTuple(x, depth)
	}
	return nil, fmt.Errorf("a Dask key is a str, int, float or tuple, not %T", v)
}

func normalizeTuple(parts []any, depth int) (any, error) {
	out := make([]any, len(parts))
	for i, p := range parts {
		n, err := normalizeKey(p, depth+1)
		if err != nil {
			return nil, err
		}
		out[i] = n
	}
	return out, nil
}

// Value returns the key as a string, int64, float64 or []any of those.
func (k Key) Value() any {
	v, err := DecodeMsgpack([]byte(k.enc))
	if err != nil {
		return nil
	}
	return plainKeyValue(v)
}

// plainKeyValue turns decoded msgpack (where nested arrays in map keys may
// already be Keys) into the plain form.
func plainKeyValue(v any) any {
	switch x := v.(type) {
	case []any:
		out := make([]any, len(x))
		for i, p := range x {
			out[i] = plainKeyValue(p)
		}
		return out
	case uint64:
		return int64(x)
	}
	return v
}

// IsZero reports whether k is the zero Key.
func (k Key) IsZero() bool { return k.enc == "" }

// String renders k as Python's str() does, the way Dask shows keys: a string
// key as itself, a tuple as ('add-3f2a', 7).
func (k Key) String() string {
	if k.enc == "" {
		return "<zero key>"
	}
	v := k.Value()
	if s, ok := v.(string); ok {
		return s
	}
	var b strings.Builder
	writeKeyRepr(&b, v)
	return b.String()
}

// writeKeyRepr writes Python's repr of a key value.
func writeKeyRepr(b *strings.Builder, v any) {
	switch x := v.(type) {
	case string:
		b.WriteString(PyRepr(x))
	case int64:
		b.WriteString(strconv.FormatInt(x, 10))
	case float64:
		b.WriteString(pyFloatRepr(x))
	case []any:
		b.WriteByte('(')
		for i, p := range x {
			if i > 0 {
				b.WriteString(", ")
			}
			writeKeyRepr(b, p)
		}
		if len(x) == 1 {
			b.WriteByte(',')
		}
		b.WriteByte(')')
	default:
		fmt.Fprint(b, x)
	}
}

// EncodeMsgpack writes k as msgpack: a str, an int, a float or an array.
func (k Key) EncodeMsgpack(enc *msgpack.Encoder) error {
	if k.enc == "" {
		return fmt.Errorf("cannot send the zero Key")
	}
	return enc.Encode(msgpack.RawMessage(k.enc))
}

// Pickle returns k as an og-rek value for a pickled graph: a string, an
// int64, a float64 or an ogórek.Tuple.
func (k Key) Pickle() any { return pickleKeyValue(k.Value()) }

func pickleKeyValue(v any) any {
	parts, ok := v.([]any)
	if !ok {
		return v
	}
	t := make(ogórek.Tuple, len(parts))
	for i, p := range parts {
		t[i] = pickleKeyValue(p)
	}
	return t
}

// KeyFromWire converts a decoded key (a string, integer, float, Key or
// array) into a Key.
func KeyFromWire(v any) (Key, error) {
	if k, ok := v.(Key); ok {
		return k, nil
	}
	return NewKey(v)
}

// PyRepr renders s as Python's repr() of a str: single quotes unless the
// string contains one and no double quote.
func PyRepr(s string) string {
	q := byte('\'')
	if strings.IndexByte(s, '\'') >= 0 && strings.IndexByte(s, '"') < 0 {
		q = '"'
	}
	var b strings.Builder
	b.WriteByte(q)
	for _, r := range s {
		switch {
		case r == rune(q) || r == '\\':
			b.WriteByte('\\')
			b.WriteRune(r)
		case r == '\n':
			b.WriteString(`\n`)
		case r == '\r':
			b.WriteString(`\r`)
		case r == '\t':
			b.WriteString(`\t`)
		case r < 0x20 || r == 0x7f:
			fmt.Fprintf(&b, `\x%02x`, r)
		default:
			b.WriteRune(r)
		}
	}
	b.WriteByte(q)
	return b.String()
}

// pyFloatRepr renders f as Python's repr() of a float.
func pyFloatRepr(f float64) string {
	switch {
	case math.IsInf(f, 1):
		return "inf"
	case math.IsInf(f, -1):
		return "-inf"
	case math.IsNaN(f):
		return "nan"
	}
	sci := strconv.FormatFloat(f, 'e', -1, 64)
	exp, _ := strconv.Atoi(sci[strings.IndexByte(sci, 'e')+1:])
	if exp < -4 || exp >= 16 {
		return sci
	}
	s := strconv.FormatFloat(f, 'f', -1, 64)
	if !strings.Contains(s, ".") {
		s += ".0"
	}
	return s
}
