package lower

import (
	"encoding/binary"
	"math"
	"slices"
)

// Pickle opcodes (protocol 4) that the graph writer uses. Names follow
// Python's pickletools.
const (
	opProto           = 0x80
	opStop            = '.'
	opMark            = '('
	opNone            = 'N'
	opNewTrue         = 0x88
	opNewFalse        = 0x89
	opBinInt1         = 'K'
	opBinInt2         = 'M'
	opBinInt          = 'J'
	opLong1           = 0x8a
	opBinFloat        = 'G'
	opShortBinUnicode = 0x8c
	opBinUnicode      = 'X'
	opBinUnicode8     = 0x8d
	opShortBinBytes   = 'C'
	opBinBytes        = 'B'
	opEmptyList       = ']'
	opAppends         = 'e'
	opEmptyDict       = '}'
	opSetItems        = 'u'
	opEmptyTuple      = ')'
	opTuple1          = 0x85
	opTuple2          = 0x86
	opTuple3          = 0x87
	opTuple           = 't'
	opEmptySet        = 0x8f
	opAddItems        = 0x90
	opStackGlobal     = 0x93
	opReduce          = 'R'
	opMemoize         = 0x94
	opPop             = '0'
	opBinGet          = 'h'
	opLongBinGet      = 'j'
)

// batchSize is how many items one APPENDS/SETITEMS/ADDITEMS carries, as in
// CPython's pickler: it bounds the unpickler's stack.
const batchSize = 1000

// pickler appends a protocol-4 pickle to a byte slice, one opcode at a time.
//
// og-rek's Encoder (used elsewhere for small values) encodes a whole Go value
// tree by reflection and has no memo, so a graph of 10^6 tasks would need a
// tree of 10^6 tuples and would repeat every operator function per task. The
// graph writer instead streams opcodes straight into the output and memoizes
// what repeats (operator functions, key prefixes), so each task costs a few
// bytes and no allocations.
type pickler struct {
	b    []byte
	memo uint32 // next memo index
	// depth is how many objects the unpickler's stack holds (above its
	// marks); tuple counts a tuple's items from it.
	depth int
}

func (p *pickler) op(c byte) { p.b = append(p.b, c) }

// push writes opcode c, which pushes one object.
func (p *pickler) push(c byte) {
	p.op(c)
	p.depth++
}

// begin writes the protocol header.
func (p *pickler) begin() { p.b = append(p.b, opProto, 4) }

// end writes STOP.
func (p *pickler) end() { p.op(opStop) }

// memoize stores the top of the stack and returns its memo index.
func (p *pickler) memoize() uint32 {
	p.op(opMemoize)
	p.memo++
	return p.memo - 1
}

// get pushes memo entry i.
func (p *pickler) get(i uint32) {
	p.depth++
	if i < 256 {
		p.b = append(p.b, opBinGet, byte(i))
		return
	}
	p.b = append(p.b, opLongBinGet)
	p.b = binary.LittleEndian.AppendUint32(p.b, i)
}

func (p *pickler) none() { p.push(opNone) }

func (p *pickler) bool(v bool) {
	if v {
		p.push(opNewTrue)
	} else {
		p.push(opNewFalse)
	}
}

func (p *pickler) emptyList() { p.push(opEmptyList) }
func (p *pickler) emptyDict() { p.push(opEmptyDict) }
func (p *pickler) emptySet()  { p.push(opEmptySet) }

// reduce calls the callable below the top of the stack with the argument
// tuple on top, leaving the result.
func (p *pickler) reduce() {
	p.op(opReduce)
	p.depth--
}

// pop drops the top of the stack.
func (p *pickler) pop() {
	p.op(opPop)
	p.depth--
}

func (p *pickler) int(v int64) {
	p.depth++
	switch {
	case v >= 0 && v < 1<<8:
		p.b = append(p.b, opBinInt1, byte(v))
	case v >= 0 && v < 1<<16:
		p.b = append(p.b, opBinInt2, byte(v), byte(v>>8))
	case v >= math.MinInt32 && v <= math.MaxInt32:
		p.op(opBinInt)
		p.b = binary.LittleEndian.AppendUint32(p.b, uint32(int32(v)))
	default:
		// LONG1: little-endian two's complement, 8 bytes always suffice.
		p.b = append(p.b, opLong1, 8)
		p.b = binary.LittleEndian.AppendUint64(p.b, uint64(v))
	}
}

func (p *pickler) float(v float64) {
	p.push(opBinFloat)
	p.b = binary.BigEndian.AppendUint64(p.b, math.Float64bits(v))
}

// str writes a Python str. Go strings that are not valid UTF-8 are written
// with their invalid bytes replaced, as Python's decoder would reject them.
func (p *pickler) str(s string) {
	p.depth++
	n := len(s)
	switch {
	case n < 256:
		p.b = append(p.b, opShortBinUnicode, byte(n))
	case n <= math.MaxUint32:
		p.op(opBinUnicode)
		p.b = binary.LittleEndian.AppendUint32(p.b, uint32(n))
	default:
		p.op(opBinUnicode8)
		p.b = binary.LittleEndian.AppendUint64(p.b, uint64(n))
	}
	p.b = append(p.b, s...)
}

// bytes writes a Python bytes object.
func (p *pickler) bytes(s string) {
	p.depth++
	if len(s) < 256 {
		p.b = append(p.b, opShortBinBytes, byte(len(s)))
	} else {
		p.op(opBinBytes)
		p.b = binary.LittleEndian.AppendUint32(p.b, uint32(len(s)))
	}
	p.b = append(p.b, s...)
}

// global pushes module.name (name may be dotted: protocol 4 resolves it
// attribute by attribute).
func (p *pickler) global(module, name string) {
	p.str(module)
	p.str(name)
	p.op(opStackGlobal)
	p.depth--
}

// tuple is a tuple being written: its items are the objects pushed
// between pickler.tuple and close, and close counts them, so no caller
// states (and can miscount) a tuple's size.
type tuple struct {
	p     *pickler
	at    int // where the items start, for the MARK a long tuple needs
	depth int // the stack depth before the first item
}

// tuple starts a tuple.
func (p *pickler) tuple() tuple { return tuple{p: p, at: len(p.b), depth: p.depth} }

// close ends the tuple with the opcode for its count: EMPTY_TUPLE,
// TUPLE1-3, or, for more items, TUPLE with a MARK put before the first.
func (t tuple) close() {
	p := t.p
	switch n := p.depth - t.depth; n {
	case 0:
		p.op(opEmptyTuple)
	case 1:
		p.op(opTuple1)
	case 2:
		p.op(opTuple2)
	case 3:
		p.op(opTuple3)
	default:
		p.b = slices.Insert(p.b, t.at, opMark)
		p.op(opTuple)
	}
	p.depth = t.depth + 1
}

// batcher writes a container's items in MARK ... APPENDS/SETITEMS/ADDITEMS
// batches of batchSize.
type batcher struct {
	p     *pickler
	close byte
	n     int
	depth int // the stack depth with the container on top
}

func (p *pickler) container(empty, close byte) batcher {
	p.push(empty)
	return batcher{p: p, close: close, depth: p.depth}
}

func (p *pickler) list() batcher { return p.container(opEmptyList, opAppends) }
func (p *pickler) dict() batcher { return p.container(opEmptyDict, opSetItems) }
func (p *pickler) set() batcher  { return p.container(opEmptySet, opAddItems) }

// item is called before each item (a dict item is its key and value).
func (b *batcher) item() {
	if b.n%batchSize == 0 {
		if b.n > 0 {
			b.p.op(b.close)
			b.p.depth = b.depth
		}
		b.p.op(opMark)
	}
	b.n++
}

// done closes the last batch.
func (b *batcher) done() {
	if b.n > 0 {
		b.p.op(b.close)
		b.p.depth = b.depth
	}
}
