package wire

import (
	"bytes"
	"encoding/binary"
	"errors"
	"fmt"
	"strconv"
)

// Unpickle decodes a pickle (protocols 0 to 5) into inert values: None, bool,
// int64 (*big.Int beyond 64 bits), float64, string, []byte, Tuple, *List,
// *Dict, *Set, Global and *Object. buffers are the out-of-band buffers of
// protocol 5 (the sub-frames after a pickle in a Dask message).
//
// It is a data-only reader: GLOBAL and STACK_GLOBAL produce names, REDUCE,
// NEWOBJ and BUILD produce descriptions, and nothing is imported or called,
// so a hostile pickle can at worst fail to decode.
//
// og-rek's Decoder (used for encoding elsewhere) cannot read what Dask sends
// back: it lacks NEWOBJ, BUILD and the set opcodes, which every tblib
// exception pickle and every set result contains.
func Unpickle(data []byte, buffers ...[]byte) (any, error) {
	u := &unpickler{data: data, memo: map[uint64]any{}, buffers: buffers}
	v, err := u.run()
	if err != nil {
		return nil, fmt.Errorf("pickle: %w (at byte %d)", err, u.pos)
	}
	return v, nil
}

type unpickler struct {
	data    []byte
	pos     int
	stack   []any
	marks   []int
	memo    map[uint64]any
	buffers [][]byte
}

var errTruncated = errors.New("truncated")

type mark struct{}

func (u *unpickler) run() (any, error) {
	for {
		if u.pos >= len(u.data) {
			return nil, errTruncated
		}
		op := u.data[u.pos]
		u.pos++
		if op == '.' {
			return u.pop()
		}
		if err := u.step(op); err != nil {
			return nil, err
		}
		if len(u.stack) > 1<<24 {
			return nil, errors.New("stack too deep")
		}
	}
}

// step executes one opcode.
func (u *unpickler) step(op byte) error {
	if f := simpleOps[op]; f != nil {
		return f(u)
	}
	switch op {
	case 0x80: // PROTO
		_, err := u.read(1)
		return err
	case 0x95: // FRAME
		_, err := u.read(8)
		return err
	case '(':
		u.marks = append(u.marks, len(u.stack))
		u.stack = append(u.stack, mark{})
		return nil
	}
	return fmt.Errorf("unsupported opcode 0x%02x", op)
}

// simpleOps maps opcodes to their handlers.
var simpleOps [256]func(*unpickler) error

func init() {
	for op, f := range map[byte]func(*unpickler) error{
		'N':  func(u *unpickler) error { u.push(nil); return nil },
		0x88: func(u *unpickler) error { u.push(true); return nil },
		0x89: func(u *unpickler) error { u.push(false); return nil },
		'K':  func(u *unpickler) error { return u.uint(1) },
		'M':  func(u *unpickler) error { return u.uint(2) },
		'J':  (*unpickler).binInt,
		0x8a: func(u *unpickler) error { return u.long(1) },
		0x8b: func(u *unpickler) error { return u.long(4) },
		'G':  (*unpickler).binFloat,
		'I':  (*unpickler).textInt,
		'L':  (*unpickler).textInt,
		'F':  (*unpickler).textFloat,
		0x8c: func(u *unpickler) error { return u.str(1) },
		'X':  func(u *unpickler) error { return u.str(4) },
		0x8d: func(u *unpickler) error { return u.str(8) },
		'V':  (*unpickler).textUnicode,
		'C':  func(u *unpickler) error { return u.bytes(1) },
		'B':  func(u *unpickler) error { return u.bytes(4) },
		0x8e: func(u *unpickler) error { return u.bytes(8) },
		0x96: func(u *unpickler) error { return u.bytes(8) },
		'U':  func(u *unpickler) error { return u.bytes(1) },
		'T':  func(u *unpickler) error { return u.bytes(4) },
		'S':  (*unpickler).textString,
		0x97: (*unpickler).nextBuffer,
		0x98: func(u *unpickler) error { return nil }, // READONLY_BUFFER
		']':  func(u *unpickler) error { u.push(&List{}); return nil },
		'}':  func(u *unpickler) error { u.push(&Dict{}); return nil },
		')':  func(u *unpickler) error { u.push(Tuple{}); return nil },
		0x8f: func(u *unpickler) error { u.push(&Set{}); return nil },
		'l':  (*unpickler).list,
		'd':  (*unpickler).dict,
		't':  (*unpickler).tuple,
		0x85: func(u *unpickler) error { return u.tupleN(1) },
		0x86: func(u *unpickler) error { return u.tupleN(2) },
		0x87: func(u *unpickler) error { return u.tupleN(3) },
		0x91: (*unpickler).frozenset,
		'a':  (*unpickler).appendOne,
		'e':  (*unpickler).appends,
		's':  (*unpickler).setItem,
		'u':  (*unpickler).setItems,
		0x90: (*unpickler).addItems,
		'c':  (*unpickler).global,
		0x93: (*unpickler).stackGlobal,
		'R':  (*unpickler).reduce,
		0x81: (*unpickler).newObj,
		0x92: (*unpickler).newObjEx,
		'b':  (*unpickler).build,
		'i':  (*unpickler).inst,
		'o':  (*unpickler).obj,
		'0':  func(u *unpickler) error { _, err := u.pop(); return err },
		'1':  func(u *unpickler) error { _, err := u.popMark(); return err },
		'2':  (*unpickler).dup,
		0x94: func(u *unpickler) error { return u.put(uint64(len(u.memo))) },
		'q':  func(u *unpickler) error { return u.putN(1) },
		'r':  func(u *unpickler) error { return u.putN(4) },
		'p':  (*unpickler).textPut,
		'h':  func(u *unpickler) error { return u.getN(1) },
		'j':  func(u *unpickler) error { return u.getN(4) },
		'g':  (*unpickler).textGet,
	} {
		simpleOps[op] = f
	}
}

// --- stack ---------------------------------------------------------------

func (u *unpickler) push(v any) { u.stack = append(u.stack, v) }

func (u *unpickler) pop() (any, error) {
	if len(u.stack) == 0 {
		return nil, errors.New("stack underflow")
	}
	v := u.stack[len(u.stack)-1]
	if _, ok := v.(mark); ok {
		return nil, errors.New("unexpected mark")
	}
	u.stack = u.stack[:len(u.stack)-1]
	return v, nil
}

func (u *unpickler) top() (any, error) {
	if len(u.stack) == 0 {
		return nil, errors.New("stack underflow")
	}
	return u.stack[len(u.stack)-1], nil
}

// popMark pops everything above the last mark, and the mark.
func (u *unpickler) popMark() ([]any, error) {
	if len(u.marks) == 0 {
		return nil, errors.New("no mark")
	}
	k := u.marks[len(u.marks)-1]
	u.marks = u.marks[:len(u.marks)-1]
	items := append([]any(nil), u.stack[k+1:]...)
	u.stack = u.stack[:k]
	return items, nil
}

func (u *unpickler) dup() error {
	v, err := u.top()
	if err == nil {
		u.push(v)
	}
	return err
}

func (u *unpickler) read(n int) ([]byte, error) {
	if n < 0 || n > len(u.data)-u.pos {
		return nil, errTruncated
	}
	b := u.data[u.pos : u.pos+n]
	u.pos += n
	return b, nil
}

func (u *unpickler) readUint(n int) (uint64, error) {
	b, err := u.read(n)
	if err != nil {
		return 0, err
	}
	var full [8]byte
	copy(full[:], b)
	return binary.LittleEndian.Uint64(full[:]), nil
}

func (u *unpickler) readLine() (string, error) {
	i := bytes.IndexByte(u.data[u.pos:], '\n')
	if i < 0 {
		return "", errTruncated
	}
	line := string(u.data[u.pos : u.pos+i])
	u.pos += i + 1
	return line, nil
}

// --- memo ----------------------------------------------------------------

func (u *unpickler) put(i uint64) error {
	v, err := u.top()
	if err != nil {
		return err
	}
	u.memo[i] = v
	return nil
}

func (u *unpickler) putN(n int) error {
	i, err := u.readUint(n)
	if err != nil {
		return err
	}
	return u.put(i)
}

func (u *unpickler) textPut() error {
	i, err := u.textIndex()
	if err != nil {
		return err
	}
	return u.put(i)
}

// textIndex reads the decimal memo index of protocol 0's PUT and GET.
func (u *unpickler) textIndex() (uint64, error) {
	line, err := u.readLine()
	if err != nil {
		return 0, err
	}
	i, err := strconv.ParseUint(line, 10, 64)
	if err != nil {
		return 0, fmt.Errorf("bad memo index %q", line)
	}
	return i, nil
}

func (u *unpickler) get(i uint64) error {
	v, ok := u.memo[i]
	if !ok {
		return fmt.Errorf("memo %d not set", i)
	}
	u.push(v)
	return nil
}

func (u *unpickler) getN(n int) error {
	i, err := u.readUint(n)
	if err != nil {
		return err
	}
	return u.get(i)
}

func (u *unpickler) textGet() error {
	i, err := u.textIndex()
	if err != nil {
		return err
	}
	return u.get(i)
}
