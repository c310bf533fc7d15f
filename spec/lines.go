package spec

import "unicode/utf8"

// splitLines splits src into lines the way YAML counts them (and so the way
// yaml.v3 numbers nodes): \n, \r\n, a lone \r, NEL, LS and PS all end a line.
// A final line without a break counts; a final break does not start one.
func splitLines(src []byte) []string {
	var lines []string
	start := 0
	for i := 0; i < len(src); {
		r, size := utf8.DecodeRune(src[i:])
		brk := size
		switch {
		case r == '\r' && i+1 < len(src) && src[i+1] == '\n':
			brk = 2
		case r == '\n' || r == '\r' || r == '\u0085' || r == '\u2028' || r == '\u2029':
		default:
			i += size
			continue
		}
		lines = append(lines, string(src[start:i]))
		i += brk
		start = i
	}
	if start < len(src) {
		lines = append(lines, string(src[start:]))
	}
	return lines
}

// sourceLine returns line n (1-based) of src without its break, or "".
func sourceLine(src []byte, n int) string {
	lines := splitLines(src)
	if n < 1 || n > len(lines) {
		return ""
	}
	return lines[n-1]
}

// countLines counts the lines of src as splitLines does.
func countLines(src []byte) int {
	return len(splitLines(src))
}
