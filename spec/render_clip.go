package spec

import (
	"fmt"
	"strings"
	"unicode"
	"unicode/utf8"
)

// A message or source line can quote what the user wrote, and a flow file
// may hold a line of a megabyte. Rendering clips both, so an error stays a
// few lines on a terminal and in CI logs.
const (
	// maxMessage is the most of a message or hint shown, in bytes.
	maxMessage = 1000
	// maxSnippet is the most of a source line shown, in characters; a
	// longer line is shown as a window around the caret.
	maxSnippet = 120
)

// clipped returns ds with every message and hint cut to maxMessage.
func clipped(ds Diagnostics) Diagnostics {
	out := make(Diagnostics, len(ds))
	for i, d := range ds {
		d.Message, d.Hint = clip(d.Message), clip(d.Hint)
		out[i] = d
	}
	return out
}

// clip cuts s to maxMessage bytes on a character boundary and says how much
// was left out.
func clip(s string) string {
	if len(s) <= maxMessage {
		return s
	}
	cut := maxMessage
	for cut > 0 && !utf8.RuneStart(s[cut]) {
		cut--
	}
	return fmt.Sprintf("%s… (%d more bytes)", s[:cut], len(s)-cut)
}

// snippetWindow returns the part of a source line to show and the range
// moved to match: the whole line when short, else maxSnippet characters
// around the range's start, with … where the line was cut. Control
// characters show as U+FFFD so a NUL byte cannot upset a terminal.
func snippetWindow(line string, rg Range) (string, Range) {
	runes := []rune(line)
	for i, r := range runes {
		if unicode.IsControl(r) && r != '\t' {
			runes[i] = utf8.RuneError
		}
	}
	if len(runes) <= maxSnippet {
		return string(runes), rg
	}
	start := min(max(rg.Start.Column-1-maxSnippet/3, 0), len(runes)-maxSnippet)
	end := start + maxSnippet
	var b strings.Builder
	shift := start
	if start > 0 {
		b.WriteString("…")
		shift-- // the … takes one column
	}
	b.WriteString(string(runes[start:end]))
	if end < len(runes) {
		b.WriteString("…")
	}
	rg.Start.Column -= shift
	if rg.End.Line == rg.Start.Line {
		rg.End.Column = min(rg.End.Column-shift, end-shift+1)
	}
	return b.String(), rg
}
