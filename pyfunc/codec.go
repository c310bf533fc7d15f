package pyfunc

import (
	"bytes"
	"encoding/binary"
	"fmt"
	"io"
	"reflect"

	"github.com/flowspec/flowspec/value"
	"github.com/vmihailenco/msgpack/v5"
)

// opaqueExt is the msgpack extension type of a Python object: its payload is
// the Python type's name, a zero byte, and the object's pickle.
const opaqueExt = 1

func init() {
	msgpack.RegisterExtEncoder(opaqueExt, value.Opaque{}, func(_ *msgpack.Encoder, v reflect.Value) ([]byte, error) {
		o := v.Interface().(value.Opaque)
		return append(append([]byte(o.Type), 0), o.Pickle...), nil
	})
	msgpack.RegisterExtDecoder(opaqueExt, value.Opaque{}, func(d *msgpack.Decoder, v reflect.Value, n int) error {
		b := make([]byte, n)
		if _, err := io.ReadFull(d.Buffered(), b); err != nil {
			return err
		}
		typ, pickle, ok := bytes.Cut(b, []byte{0})
		if !ok {
			return fmt.Errorf("a Python object without its type name")
		}
		v.Set(reflect.ValueOf(value.Opaque{Type: string(typ), Pickle: pickle}))
		return nil
	})
}

// maxFrame bounds one message, so a corrupt length cannot exhaust memory.
const maxFrame = 1 << 30

// writeFrame writes v as a 4-byte big-endian length and its msgpack.
func writeFrame(w io.Writer, v any) error {
	var buf bytes.Buffer
	buf.Write([]byte{0, 0, 0, 0})
	enc := msgpack.NewEncoder(&buf)
	enc.UseCompactInts(true)
	if err := enc.Encode(v); err != nil {
		return err
	}
	b := buf.Bytes()
	binary.BigEndian.PutUint32(b, uint32(len(b)-4))
	_, err := w.Write(b)
	return err
}

// readFrame reads one framed message and decodes it as plain data.
func readFrame(r io.Reader) ([]any, error) {
	var head [4]byte
	if _, err := io.ReadFull(r, head[:]); err != nil {
		return nil, err
	}
	n := binary.BigEndian.Uint32(head[:])
	if n > maxFrame {
		return nil, fmt.Errorf("a reply of %d bytes: the worker's output is corrupt", n)
	}
	b := make([]byte, n)
	if _, err := io.ReadFull(r, b); err != nil {
		return nil, err
	}
	dec := msgpack.NewDecoder(bytes.NewReader(b))
	dec.UseLooseInterfaceDecoding(true)
	var out []any
	if err := dec.Decode(&out); err != nil {
		return nil, fmt.Errorf("a reply flowspec cannot read: %w", err)
	}
	return out, nil
}
