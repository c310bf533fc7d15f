package store

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"fmt"

	"github.com/flowspec/flowspec/value"
	"github.com/vmihailenco/msgpack/v5"
)

// Encode returns v in the store's form (msgpack, which keeps ints and
// floats apart) with its content address, the hex sha256 of that form. A
// Python object cannot be stored: it is an error naming its type.
func Encode(v any) (Value, error) {
	if o, ok := value.FindOpaque(v); ok {
		return Value{}, fmt.Errorf("a Python object (%s) cannot be stored; return plain data to persist it", o.Type)
	}
	var buf bytes.Buffer
	enc := msgpack.NewEncoder(&buf)
	enc.SetSortMapKeys(true) // equal maps, equal bytes, one address
	if err := enc.Encode(v); err != nil {
		return Value{}, err
	}
	sum := sha256.Sum256(buf.Bytes())
	return Value{Hash: hex.EncodeToString(sum[:]), Data: buf.Bytes()}, nil
}

// Decode reads a value in the store's form back into a runtime value.
func Decode(data []byte) (any, error) {
	dec := msgpack.NewDecoder(bytes.NewReader(data))
	dec.UseLooseInterfaceDecoding(true) // int64 and float64, as the runtime has them
	var v any
	if err := dec.Decode(&v); err != nil {
		return nil, fmt.Errorf("a stored value is damaged: %w", err)
	}
	return value.Normalize(v)
}
