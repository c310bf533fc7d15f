package pyfunc

import (
	"bytes"
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
