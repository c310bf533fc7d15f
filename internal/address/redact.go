package address

import (
	"strings"
	"unicode/utf8"
)

// Mask replaces a password (or a token without a user) in what Redact
// prints.
const Mask = "***"

// Redact returns s with the credentials of every address in it masked:
// tcp://user:secret@host becomes tcp://user:***@host, https://token@host
// becomes https://***@host, and a bare user:secret@host:8786 becomes
// user:***@host:8786. An e-mail address (no scheme, no colon before the @)
// is left as written. Addresses are found as runs of text between spaces
// and quotes, so Redact applies to whole messages and source lines.
func Redact(s string) string {
	out, _ := RedactLine(s)
	return out
}

// RedactLine is Redact for a source line shown with a caret under it: it
// also returns how a 1-based column of s moves in the result (a column
// inside a masked password moves to the mask's start).
func RedactLine(s string) (string, func(col int) int) {
	spans := secretSpans(s)
	if len(spans) == 0 {
		return s, func(col int) int { return col }
	}
	var b strings.Builder
	last := 0
	for _, sp := range spans {
		b.WriteString(s[last:sp.start])
		b.WriteString(Mask)
		last = sp.end
	}
	b.WriteString(s[last:])
	return b.String(), func(col int) int { return moveColumn(s, spans, col) }
}

// span is the byte range of one secret in a text.
type span struct{ start, end int }

// moveColumn maps a 1-based rune column of s to the text with spans masked.
func moveColumn(s string, spans []span, col int) int {
	shift := 0
	for _, sp := range spans {
		start := utf8.RuneCountInString(s[:sp.start]) + 1
		runes := utf8.RuneCountInString(s[sp.start:sp.end])
		switch {
		case col >= start+runes:
			shift += runes - utf8.RuneCountInString(Mask)
		case col >= start:
			return start - shift
		}
	}
	return col - shift
}

// secretSpans finds the secrets of every address in s, in order.
func secretSpans(s string) []span {
	if !strings.Contains(s, "@") {
		return nil
	}
	var spans []span
	start := -1
	for i := 0; i <= len(s); i++ {
		if i < len(s) && !isDelimiter(s[i]) {
			if start < 0 {
				start = i
			}
			continue
		}
		if start >= 0 {
			if sp, ok := tokenSecret(s[start:i]); ok {
				spans = append(spans, span{start + sp.start, start + sp.end})
			}
			start = -1
		}
	}
	return spans
}

// isDelimiter reports whether c ends a run of text that may be an address.
func isDelimiter(c byte) bool {
	switch c {
	case ' ', '\t', '\n', '\r', '"', '\'', '`', '<', '>':
		return true
	}
	return false
}

// tokenSecret finds the secret in one address: the password of the
// userinfo before the last @ of its authority (which ends at the first /, ?
// or #), or the whole userinfo when it has no password but a scheme.
func tokenSecret(t string) (span, bool) {
	from := 0
	if i := strings.Index(t, "://"); i >= 0 {
		from = i + 3
	}
	rest := t[from:]
	end := strings.IndexAny(rest, "/?#")
	if end < 0 {
		end = len(rest)
	}
	at := strings.LastIndexByte(rest[:end], '@')
	if at < 0 {
		return span{}, false
	}
	if colon := strings.IndexByte(rest[:at], ':'); colon >= 0 {
		return span{from + colon + 1, from + at}, true
	}
	if from == 0 {
		return span{}, false // name@example.com
	}
	return span{from, from + at}, true
}
