package spec

import (
	"bufio"
	"fmt"
	"io"
	"strconv"
	"strings"
)

// ANSI styles for the text form.
const (
	ansiReset = "\x1b[0m"
	ansiBold  = "\x1b[1m"
	ansiRed   = "\x1b[1;31m"
	ansiYel   = "\x1b[1;33m"
	ansiBlue  = "\x1b[1;34m"
	ansiCyan  = "\x1b[1;36m"
)

// textRenderer writes the human form, rustc-style:
//
//	flow.yaml:10:5: error: unknown field "retires" in task "add"
//	   |
//	10 |     retires: 3
//	   |     ^^^^^^^
//	   = help: did you mean "retries"?
type textRenderer struct {
	w     *bufio.Writer
	src   func(string) []byte
	color bool
	cache map[string][]string // each file's lines (nil: no source)
}

func renderText(w io.Writer, ds Diagnostics, src func(string) []byte, color bool) error {
	if len(ds) == 0 {
		return nil
	}
	r := textRenderer{w: bufio.NewWriter(w), src: src, color: color, cache: map[string][]string{}}
	for i, d := range ds {
		if i == MaxDiagnostics {
			fmt.Fprintf(r.w, "... and %d more\n\n", len(ds)-MaxDiagnostics)
			break
		}
		r.one(d)
	}
	r.w.WriteString(r.style(ansiBold, summary(ds)) + "\n")
	return r.w.Flush()
}

// one writes one diagnostic and a blank line after it.
func (r *textRenderer) one(d Diagnostic) {
	sev, col := "error", ansiRed
	if d.Severity == Warning {
		sev, col = "warning", ansiYel
	}
	fmt.Fprintf(r.w, "%s %s %s\n", r.style(ansiBold, d.Range.String()+":"), r.style(col, sev+":"), d.Message)
	gutter := strings.Repeat(" ", len(strconv.Itoa(d.Range.Start.Line)))
	if line, ok := r.line(d.Range); ok {
		line, rg := redactedLine(line, d.Range)
		line, rg = snippetWindow(line, rg)
		bar := r.style(ansiBlue, gutter+" |")
		fmt.Fprintf(r.w, "%s\n%s %s\n%s %s\n", bar, r.style(ansiBlue, strconv.Itoa(d.Range.Start.Line)+" |"), line,
			bar, r.style(col, caret(line, rg)))
	}
	if d.Hint != "" {
		fmt.Fprintf(r.w, "%s %s %s\n", gutter, r.style(ansiBlue, "="), r.style(ansiCyan, "help:")+" "+d.Hint)
	}
	r.w.WriteString("\n")
}

// line returns the source line a range starts on, when the file is known.
func (r *textRenderer) line(rg Range) (string, bool) {
	if !rg.Start.IsValid() || r.src == nil {
		return "", false
	}
	lines, ok := r.cache[rg.File]
	if !ok {
		lines = splitLines(r.src(rg.File))
		r.cache[rg.File] = lines
	}
	if rg.Start.Line > len(lines) {
		return "", false
	}
	return strings.ToValidUTF8(lines[rg.Start.Line-1], "\uFFFD"), true
}

// caret draws ^ under the range's first column, and on to its end when the
// range ends later on the same line. Tabs before the column are kept, so the
// caret lines up however the terminal expands them.
func caret(line string, rg Range) string {
	runes := []rune(line)
	start := min(max(rg.Start.Column-1, 0), len(runes))
	var b strings.Builder
	for _, c := range runes[:start] {
		if c == '\t' {
			b.WriteRune('\t')
		} else {
			b.WriteByte(' ')
		}
	}
	width := 1
	if rg.End.Line == rg.Start.Line && rg.End.Column > rg.Start.Column {
		width = min(rg.End.Column-rg.Start.Column, max(len(runes)-start, 1))
	}
	b.WriteString(strings.Repeat("^", width))
	return b.String()
}

func (r *textRenderer) style(code, s string) string {
	if !r.color {
		return s
	}
	return code + s + ansiReset
}
