package spec

import (
	"regexp"
	"strconv"
	"strings"
	"unicode/utf8"
)

// yaml.v3 reports some errors without a line (bytes it cannot read, an
// unknown anchor) and others at the start of the enclosing block rather
// than at the offending line (bad indentation). The functions here find the
// offending place in the source, so every YAML error points where the fix is.

// badCharacter finds the first byte sequence YAML does not allow in a
// stream: invalid UTF-8, or a character outside YAML's printable set (C0
// and C1 controls other than tab, line breaks and NEL; DEL; U+FFFE/U+FFFF).
// It returns the position and the words for it, or ok false.
func badCharacter(src []byte) (p Pos, what string, ok bool) {
	p = Pos{Line: 1, Column: 1}
	for i := 0; i < len(src); {
		r, size := utf8.DecodeRune(src[i:])
		switch {
		case r == utf8.RuneError && size <= 1:
			return p, "invalid UTF-8 (byte 0x" + strconv.FormatUint(uint64(src[i]), 16) + ")", true
		case !yamlPrintable(r):
			return p, "the control character " + runeName(r) + " is not allowed in YAML", true
		}
		if isLineBreak(src, i, r) {
			p.Line, p.Column = p.Line+1, 1
		} else if !(r == '\r' || r == '\n') {
			p.Column++
		}
		i += size
	}
	return p, "", false
}

// isLineBreak reports whether the rune at i ends a line as splitLines counts
// them (a \r followed by \n ends it at the \n).
func isLineBreak(src []byte, i int, r rune) bool {
	switch r {
	case '\n', '\u0085', '\u2028', '\u2029':
		return true
	case '\r':
		return i+1 >= len(src) || src[i+1] != '\n'
	}
	return false
}

// yamlPrintable is YAML 1.2's c-printable set.
func yamlPrintable(r rune) bool {
	switch {
	case r == '\t' || r == '\n' || r == '\r' || r == 0x85:
		return true
	case r >= 0x20 && r <= 0x7E, r >= 0xA0 && r <= 0xD7FF, r >= 0xE000 && r <= 0xFFFD, r >= 0x10000 && r <= 0x10FFFF:
		return true
	}
	return false
}

func runeName(r rune) string {
	if r == 0 {
		return "NUL (U+0000)"
	}
	return "U+" + strings.ToUpper(strconv.FormatInt(int64(0x10000+r), 16)[1:])
}

var unknownAnchor = regexp.MustCompile(`^unknown anchor '(.*)' referenced$`)

// aliasUse finds where *name is written: the first * followed by the name
// and then a character that cannot continue an anchor name.
func aliasUse(src []byte, name string) (Pos, bool) {
	lines := splitLines(src)
	for li, line := range lines {
		for from := 0; ; {
			i := strings.Index(line[from:], "*"+name)
			if i < 0 {
				break
			}
			i += from
			end := i + 1 + len(name)
			if end == len(line) || strings.ContainsRune(" \t,[]{}", rune(line[end])) {
				return Pos{Line: li + 1, Column: 1 + utf8.RuneCountInString(line[:i])}, true
			}
			from = i + 1
		}
	}
	return Pos{}, false
}

// misindented finds, from line from on, the first line that is indented
// less than the line before it but to no level an enclosing block opened
// (the usual cause of "did not find expected key"). It returns the line and
// its indentation, and the levels it could have used.
func misindented(src []byte, from int) (line, indent int, open []int, ok bool) {
	var stack []int
	for li, text := range splitLines(src) {
		ind, content := leadingSpaces(text)
		if content == "" || strings.HasPrefix(content, "#") {
			continue
		}
		dedent := false
		for len(stack) > 0 && stack[len(stack)-1] > ind {
			stack, dedent = stack[:len(stack)-1], true
		}
		if dedent && li+1 >= from && (len(stack) == 0 || stack[len(stack)-1] != ind) {
			return li + 1, ind, levels(stack), true
		}
		if len(stack) == 0 || stack[len(stack)-1] < ind {
			stack = append(stack, ind)
		}
		if rest, isItem := strings.CutPrefix(content, "- "); isItem {
			stack = append(stack, ind+2+len(rest)-len(strings.TrimLeft(rest, " ")))
		}
	}
	return 0, 0, nil, false
}

func leadingSpaces(s string) (int, string) {
	t := strings.TrimLeft(s, " ")
	return len(s) - len(t), strings.TrimSpace(t)
}

// levels copies the open indentation levels for a message.
func levels(stack []int) []int { return append([]int(nil), stack...) }

// levelWords writes indentation levels for a message: "0, 2 or 4".
func levelWords(levels []int) string {
	words := make([]string, len(levels))
	for i, l := range levels {
		words[i] = strconv.Itoa(l)
	}
	if len(words) == 1 {
		return words[0]
	}
	return strings.Join(words[:len(words)-1], ", ") + " or " + words[len(words)-1]
}
