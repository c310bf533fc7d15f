package wire

import (
	"encoding/binary"
	"errors"
	"fmt"
	"math"
	"math/big"
	"strconv"
	"strings"
	"unicode/utf8"
)

// Opcodes that push numbers, strings and bytes.

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
	b, err := u.readSized(sizeLen)
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
	b, err := u.readSized(sizeLen)
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
	b, err := u.readSized(sizeLen)
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

// readSized reads a sizeLen-byte little-endian length and then that many
// bytes. A length past the end of the data is capped, so a hostile length
// fails as a short read instead of a huge allocation.
func (u *unpickler) readSized(sizeLen int) ([]byte, error) {
	n, err := u.readUint(sizeLen)
	if err != nil {
		return nil, err
	}
	return u.read(int(min(n, uint64(len(u.data)+1))))
}
