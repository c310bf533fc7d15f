package builtins

import (
	"strings"
	"sync"
	"unicode/utf8"
)

// capture keeps a command's stdout up to max bytes. The first byte past
// max marks it over and calls stop (which kills the command: its result
// would be cut anyway); later output is read and dropped so the command
// never blocks on a full pipe.
type capture struct {
	max  int64
	stop func()
	buf  []byte
	over bool
}

// Write implements io.Writer; it never fails.
func (c *capture) Write(p []byte) (int, error) {
	if c.over {
		return len(p), nil
	}
	if room := c.max - int64(len(c.buf)); int64(len(p)) > room {
		c.buf = append(c.buf, p[:room]...)
		c.over = true
		c.stop()
		return len(p), nil
	}
	c.buf = append(c.buf, p...)
	return len(p), nil
}

// Tail bounds: an error shows at most the last tailLines lines of stderr,
// from its last tailBytes bytes.
const (
	tailBytes = 4096
	tailLines = 10
)

// tail keeps the last tailBytes bytes written to it: a command may print
// gigabytes of stderr, its error shows only how it ended.
type tail struct {
	mu  sync.Mutex
	buf []byte
}

// Write implements io.Writer; it never fails.
func (t *tail) Write(p []byte) (int, error) {
	t.mu.Lock()
	defer t.mu.Unlock()
	t.buf = append(t.buf, p...)
	if len(t.buf) > 2*tailBytes { // trim now and then, not on every write
		t.buf = append(t.buf[:0], t.buf[len(t.buf)-tailBytes:]...)
	}
	return len(p), nil
}

// text returns the last lines of what was written, as python/shell.py
// cuts them: the last tailBytes bytes (from a character boundary), as
// text, without trailing newlines, at most tailLines lines.
func (t *tail) text() string {
	t.mu.Lock()
	b := t.buf
	t.mu.Unlock()
	if len(b) > tailBytes {
		b = b[len(b)-tailBytes:]
		for len(b) > 0 && b[0]&0xC0 == 0x80 { // the rest of a cut character
			b = b[1:]
		}
	}
	s := strings.TrimRight(decodeText(b), "\n")
	lines := strings.Split(s, "\n")
	if len(lines) > tailLines {
		lines = lines[len(lines)-tailLines:]
	}
	return strings.Join(lines, "\n")
}

// decodeText reads a command's bytes as UTF-8 as Python's
// decode("utf-8", "replace") does: each maximal invalid subpart (a byte
// that starts no sequence, or the valid start of a cut one) becomes one
// U+FFFD. strings.ToValidUTF8 would merge runs, and differ.
func decodeText(b []byte) string {
	if utf8.Valid(b) {
		return string(b)
	}
	var sb strings.Builder
	for len(b) > 0 {
		r, n := utf8.DecodeRune(b)
		if r == utf8.RuneError && n == 1 {
			n = maximalSubpart(b)
			sb.WriteRune(utf8.RuneError)
		} else {
			sb.Write(b[:n])
		}
		b = b[n:]
	}
	return sb.String()
}

// maximalSubpart returns how many bytes at the start of b begin a UTF-8
// sequence that is then cut short (at least 1), by the table of valid
// second bytes in the Unicode standard (Table 3-7).
func maximalSubpart(b []byte) int {
	need, lo, hi := 0, byte(0x80), byte(0xBF)
	switch c := b[0]; {
	case c >= 0xC2 && c <= 0xDF:
		need = 1
	case c == 0xE0:
		need, lo = 2, 0xA0
	case c >= 0xE1 && c <= 0xEC, c == 0xEE, c == 0xEF:
		need = 2
	case c == 0xED:
		need, hi = 2, 0x9F
	case c == 0xF0:
		need, lo = 3, 0x90
	case c >= 0xF1 && c <= 0xF3:
		need = 3
	case c == 0xF4:
		need, hi = 3, 0x8F
	default:
		return 1
	}
	n := 1
	for ; n <= need && n < len(b) && b[n] >= lo && b[n] <= hi; n++ {
		lo, hi = 0x80, 0xBF
	}
	return n
}
