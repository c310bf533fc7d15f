package wire

import (
	"bytes"
	"fmt"

	"github.com/vmihailenco/msgpack/v5"
	"github.com/vmihailenco/msgpack/v5/msgpcode"
)

// maxDepth bounds nesting in decoded msgpack and pickles.
const maxDepth = 512

// DecodeMsgpack decodes one msgpack value the way distributed reads message
// headers (raw=False, strict_map_key=False, binary type on): str becomes
// string, bin becomes []byte, integers int64 (uint64 above MaxInt64),
// arrays []any, and maps map[string]any when every key is a string, else
// map[any]any. An array used as a map key (a tuple key) becomes a Key, so the
// map stays usable from Go.
func DecodeMsgpack(b []byte) (any, error) {
	r := bytes.NewReader(b)
	d := msgpack.NewDecoder(r)
	v, err := decodeAny(d, r, 0)
	if err != nil {
		return nil, fmt.Errorf("msgpack: %w", err)
	}
	if r.Len() != 0 {
		return nil, fmt.Errorf("msgpack: %d bytes after the value", r.Len())
	}
	return v, nil
}

func decodeAny(d *msgpack.Decoder, r *bytes.Reader, depth int) (any, error) {
	if depth > maxDepth {
		return nil, fmt.Errorf("nested more than %d deep", maxDepth)
	}
	c, err := d.PeekCode()
	if err != nil {
		return nil, err
	}
	switch {
	case msgpcode.IsFixedMap(c) || c == msgpcode.Map16 || c == msgpcode.Map32:
		return decodeMap(d, r, depth)
	case msgpcode.IsFixedArray(c) || c == msgpcode.Array16 || c == msgpcode.Array32:
		return decodeArray(d, r, depth)
	case c == msgpcode.Bin8 || c == msgpcode.Bin16 || c == msgpcode.Bin32:
		return d.DecodeBytes() // DecodeInterfaceLoose would make it a string
	}
	v, err := d.DecodeInterfaceLoose()
	if u, ok := v.(uint64); ok && u <= 1<<63-1 {
		return int64(u), err
	}
	return v, err
}

func decodeArray(d *msgpack.Decoder, r *bytes.Reader, depth int) (any, error) {
	n, err := d.DecodeArrayLen()
	if err != nil {
		return nil, err
	}
	if n > r.Len() {
		return nil, fmt.Errorf("array of %d elements in %d bytes", n, r.Len())
	}
	out := make([]any, n)
	for i := range out {
		if out[i], err = decodeAny(d, r, depth+1); err != nil {
			return nil, err
		}
	}
	return out, nil
}

func decodeMap(d *msgpack.Decoder, r *bytes.Reader, depth int) (any, error) {
	n, err := d.DecodeMapLen()
	if err != nil {
		return nil, err
	}
	if 2*n > r.Len() {
		return nil, fmt.Errorf("map of %d entries in %d bytes", n, r.Len())
	}
	keys := make([]any, n)
	vals := make([]any, n)
	allStrings := true
	for i := 0; i < n; i++ {
		if keys[i], err = decodeMapKey(d, r, depth); err != nil {
			return nil, err
		}
		if _, ok := keys[i].(string); !ok {
			allStrings = false
		}
		if vals[i], err = decodeAny(d, r, depth+1); err != nil {
			return nil, err
		}
	}
	if allStrings {
		m := make(map[string]any, n)
		for i, k := range keys {
			m[k.(string)] = vals[i]
		}
		return m, nil
	}
	m := make(map[any]any, n)
	for i, k := range keys {
		m[k] = vals[i]
	}
	return m, nil
}

// decodeMapKey decodes a map key, turning arrays (tuples) into Keys and
// rejecting keys Go cannot hash.
func decodeMapKey(d *msgpack.Decoder, r *bytes.Reader, depth int) (any, error) {
	k, err := decodeAny(d, r, depth+1)
	if err != nil {
		return nil, err
	}
	switch x := k.(type) {
	case []any:
		return NewKey(x)
	case []byte:
		return string(x), nil
	case map[string]any, map[any]any:
		return nil, fmt.Errorf("a map used as a map key")
	}
	return k, nil
}

// EncodeMsgpack encodes v as distributed writes headers: binary type on,
// integers in their smallest form, floats as float64 and map keys sorted so
// the bytes are deterministic. Keys, Sets and types with an EncodeMsgpack
// method encode themselves.
func EncodeMsgpack(v any) ([]byte, error) {
	var buf bytes.Buffer
	enc := msgpack.NewEncoder(&buf)
	enc.UseCompactInts(true)
	enc.SetSortMapKeys(true)
	if err := enc.Encode(v); err != nil {
		return nil, fmt.Errorf("msgpack: %w", err)
	}
	return buf.Bytes(), nil
}
