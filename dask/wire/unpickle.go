package wire

import (
	"bytes"
	"encoding/binary"
	"errors"
	"fmt"
	"math"
	"math/big"
	"strconv"
	"strings"
	"unicode/utf8"
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

// --- scalars -------------------------------------------------------------

func (u *unpickler) uint(n int) error {
	v, err := u.readUint(n)
	u.push(int64(v))
	return err
}

func (u *unpickler) binInt() error {
	v, err := u.readUint(4)
	u.push(int64(int32(uint32(v))))
	return err
}

// long decodes LONG1/LONG4: a little-endian two's-complement integer.
func (u *unpickler) long(sizeLen int) error {
	n, err := u.readUint(sizeLen)
	if err != nil {
		return err
	}
	b, err := u.read(int(min(n, uint64(len(u.data)+1))))
	if err != nil {
		return err
	}
	u.push(twosComplement(b))
	return nil
}

func twosComplement(le []byte) any {
	if len(le) == 0 {
		return int64(0)
	}
	be := make([]byte, len(le))
	for i, c := range le {
		be[len(le)-1-i] = c
	}
	v := new(big.Int).SetBytes(be)
	if le[len(le)-1]&0x80 != 0 {
		v.Sub(v, new(big.Int).Lsh(big.NewInt(1), uint(8*len(le))))
	}
	if v.IsInt64() {
		return v.Int64()
	}
	return v
}

func (u *unpickler) binFloat() error {
	b, err := u.read(8)
	if err == nil {
		u.push(math.Float64frombits(binary.BigEndian.Uint64(b)))
	}
	return err
}

func (u *unpickler) textInt() error {
	line, err := u.readLine()
	if err != nil {
		return err
	}
	line = strings.TrimSuffix(line, "L")
	switch line {
	case "00":
		u.push(false)
		return nil
	case "01":
		u.push(true)
		return nil
	}
	v, ok := new(big.Int).SetString(line, 10)
	if !ok {
		return fmt.Errorf("bad integer %q", line)
	}
	if v.IsInt64() {
		u.push(v.Int64())
	} else {
		u.push(v)
	}
	return nil
}

func (u *unpickler) textFloat() error {
	line, err := u.readLine()
	if err != nil {
		return err
	}
	f, err := strconv.ParseFloat(line, 64)
	u.push(f)
	return err
}

func (u *unpickler) str(sizeLen int) error {
	n, err := u.readUint(sizeLen)
	if err != nil {
		return err
	}
	b, err := u.read(int(min(n, uint64(len(u.data)+1))))
	if err != nil {
		return err
	}
	if !utf8.Valid(b) {
		return errors.New("str is not valid UTF-8")
	}
	u.push(string(b))
	return nil
}

func (u *unpickler) bytes(sizeLen int) error {
	n, err := u.readUint(sizeLen)
	if err != nil {
		return err
	}
	b, err := u.read(int(min(n, uint64(len(u.data)+1))))
	u.push(append([]byte(nil), b...))
	return err
}

// textUnicode decodes protocol 0's raw-unicode-escape strings.
func (u *unpickler) textUnicode() error {
	line, err := u.readLine()
	if err != nil {
		return err
	}
	var b strings.Builder
	for i := 0; i < len(line); i++ {
		if line[i] == '\\' && i+5 < len(line)+0 && (line[i+1] == 'u') {
			if r, err := strconv.ParseUint(line[i+2:i+6], 16, 32); err == nil {
				b.WriteRune(rune(r))
				i += 5
				continue
			}
		}
		b.WriteRune(rune(line[i])) // latin-1
	}
	u.push(b.String())
	return nil
}

// textString decodes protocol 0's quoted byte strings.
func (u *unpickler) textString() error {
	line, err := u.readLine()
	if err != nil {
		return err
	}
	if len(line) >= 2 && line[0] == '\'' && line[len(line)-1] == '\'' {
		line = `"` + strings.ReplaceAll(line[1:len(line)-1], `"`, `\"`) + `"`
	}
	s, err := strconv.Unquote(line)
	if err != nil {
		return fmt.Errorf("bad string %q", line)
	}
	u.push([]byte(s))
	return nil
}

func (u *unpickler) nextBuffer() error {
	if len(u.buffers) == 0 {
		return errors.New("pickle wants an out-of-band buffer the message did not carry")
	}
	u.push(u.buffers[0])
	u.buffers = u.buffers[1:]
	return nil
}

// --- containers ----------------------------------------------------------

func (u *unpickler) list() error {
	items, err := u.popMark()
	u.push(&List{Items: items})
	return err
}

func (u *unpickler) tuple() error {
	items, err := u.popMark()
	u.push(Tuple(items))
	return err
}

func (u *unpickler) tupleN(n int) error {
	if len(u.stack) < n {
		return errors.New("stack underflow")
	}
	t := make(Tuple, n)
	for i := n - 1; i >= 0; i-- {
		v, err := u.pop()
		if err != nil {
			return err
		}
		t[i] = v
	}
	u.push(t)
	return nil
}

func (u *unpickler) frozenset() error {
	items, err := u.popMark()
	u.push(&Set{Items: items, Frozen: true})
	return err
}

func (u *unpickler) dict() error {
	items, err := u.popMark()
	if err != nil {
		return err
	}
	d := &Dict{}
	if err := fillDict(d, items); err != nil {
		return err
	}
	u.push(d)
	return nil
}

func fillDict(d *Dict, items []any) error {
	if len(items)%2 != 0 {
		return errors.New("odd number of dict items")
	}
	for i := 0; i < len(items); i += 2 {
		d.set(items[i], items[i+1])
	}
	return nil
}

func (u *unpickler) appendOne() error {
	v, err := u.pop()
	if err != nil {
		return err
	}
	return u.extend([]any{v})
}

func (u *unpickler) appends() error {
	items, err := u.popMark()
	if err != nil {
		return err
	}
	return u.extend(items)
}

// extend appends items to the list (or object) on top of the stack.
func (u *unpickler) extend(items []any) error {
	t, err := u.top()
	if err != nil {
		return err
	}
	switch x := t.(type) {
	case *List:
		x.Items = append(x.Items, items...)
	case *Object:
		x.ListItems = append(x.ListItems, items...)
	default:
		return fmt.Errorf("append to %s", describe(t))
	}
	return nil
}

func (u *unpickler) setItem() error {
	v, err := u.pop()
	if err != nil {
		return err
	}
	k, err := u.pop()
	if err != nil {
		return err
	}
	return u.store([]any{k, v})
}

func (u *unpickler) setItems() error {
	items, err := u.popMark()
	if err != nil {
		return err
	}
	return u.store(items)
}

// store sets items (key, value, key, value...) on the dict or object on top
// of the stack.
func (u *unpickler) store(items []any) error {
	t, err := u.top()
	if err != nil {
		return err
	}
	switch x := t.(type) {
	case *Dict:
		return fillDict(x, items)
	case *Object:
		if x.DictItems == nil {
			x.DictItems = &Dict{}
		}
		return fillDict(x.DictItems, items)
	}
	return fmt.Errorf("set items on %s", describe(t))
}

func (u *unpickler) addItems() error {
	items, err := u.popMark()
	if err != nil {
		return err
	}
	t, err := u.top()
	if err != nil {
		return err
	}
	s, ok := t.(*Set)
	if !ok {
		return fmt.Errorf("add items to %s", describe(t))
	}
	s.Items = append(s.Items, items...)
	return nil
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
	line, err := u.readLine()
	if err != nil {
		return err
	}
	i, err := strconv.ParseUint(line, 10, 64)
	if err != nil {
		return fmt.Errorf("bad memo index %q", line)
	}
	return u.put(i)
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
	line, err := u.readLine()
	if err != nil {
		return err
	}
	i, err := strconv.ParseUint(line, 10, 64)
	if err != nil {
		return fmt.Errorf("bad memo index %q", line)
	}
	return u.get(i)
}

// --- objects -------------------------------------------------------------

func (u *unpickler) global() error {
	module, err := u.readLine()
	if err != nil {
		return err
	}
	name, err := u.readLine()
	u.push(Global{Module: module, Name: name})
	return err
}

func (u *unpickler) stackGlobal() error {
	name, err := u.pop()
	if err != nil {
		return err
	}
	module, err := u.pop()
	if err != nil {
		return err
	}
	m, ok1 := module.(string)
	n, ok2 := name.(string)
	if !ok1 || !ok2 {
		return errors.New("STACK_GLOBAL needs two strings")
	}
	u.push(Global{Module: m, Name: n})
	return nil
}

func (u *unpickler) reduce() error {
	args, err := u.pop()
	if err != nil {
		return err
	}
	callable, err := u.pop()
	if err != nil {
		return err
	}
	t, ok := args.(Tuple)
	if !ok {
		return fmt.Errorf("REDUCE arguments are a %s, not a tuple", describe(args))
	}
	u.push(&Object{Callable: callable, Args: t})
	return nil
}

func (u *unpickler) newObj() error {
	if err := u.reduce(); err != nil {
		return err
	}
	u.stack[len(u.stack)-1].(*Object).New = true
	return nil
}

func (u *unpickler) newObjEx() error {
	kw, err := u.pop()
	if err != nil {
		return err
	}
	if err := u.newObj(); err != nil {
		return err
	}
	d, _ := kw.(*Dict)
	u.stack[len(u.stack)-1].(*Object).Kwargs = d
	return nil
}

func (u *unpickler) build() error {
	state, err := u.pop()
	if err != nil {
		return err
	}
	t, err := u.top()
	if err != nil {
		return err
	}
	o, ok := t.(*Object)
	if !ok {
		return fmt.Errorf("BUILD on %s", describe(t))
	}
	o.State = state
	return nil
}

// inst and obj are protocol 0 and 1 instance creation.
func (u *unpickler) inst() error {
	module, err := u.readLine()
	if err != nil {
		return err
	}
	name, err := u.readLine()
	if err != nil {
		return err
	}
	args, err := u.popMark()
	u.push(&Object{Callable: Global{module, name}, Args: Tuple(args)})
	return err
}

func (u *unpickler) obj() error {
	items, err := u.popMark()
	if err != nil {
		return err
	}
	if len(items) == 0 {
		return errors.New("OBJ without a class")
	}
	u.push(&Object{Callable: items[0], Args: Tuple(items[1:]), New: true})
	return nil
}
