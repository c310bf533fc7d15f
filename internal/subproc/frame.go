package subproc

import (
	"bytes"
	"encoding/binary"
	"fmt"
	"io"

	"github.com/vmihailenco/msgpack/v5"
)

// MaxFrame bounds one message, so a corrupt length cannot exhaust memory.
const MaxFrame = 1 << 30

// WriteFrame writes v as a 4-byte big-endian length and its msgpack, in
// one write, so a frame is never interleaved with another writer's.
func WriteFrame(w io.Writer, v any) error {
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

// ErrCorrupt marks a frame that is not a message: a length over MaxFrame
// or bytes that are not msgpack (a child printing to its protocol stream).
var ErrCorrupt = fmt.Errorf("corrupt frame")

// ReadFrame reads one framed message and decodes it as plain data (maps
// with string keys decode as map[string]any, integers as int64).
func ReadFrame(r io.Reader) (any, error) {
	var head [4]byte
	if _, err := io.ReadFull(r, head[:]); err != nil {
		return nil, err
	}
	n := binary.BigEndian.Uint32(head[:])
	if n > MaxFrame {
		return nil, fmt.Errorf("%w: a message of %d bytes (%q as text): the output is not the protocol", ErrCorrupt, n, head[:])
	}
	b := make([]byte, n)
	if _, err := io.ReadFull(r, b); err != nil {
		return nil, err
	}
	dec := msgpack.NewDecoder(bytes.NewReader(b))
	dec.UseLooseInterfaceDecoding(true)
	var out any
	if err := dec.Decode(&out); err != nil {
		return nil, fmt.Errorf("%w: a message flowspec cannot read: %v", ErrCorrupt, err)
	}
	return out, nil
}
