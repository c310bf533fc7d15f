package runtime

import (
	"io"
	"os"

	"golang.org/x/term"
)

// isTerminal reports whether w is a terminal that understands cursor
// movement. Pipes, files and /dev/null are not.
func isTerminal(w io.Writer) bool {
	f, ok := w.(*os.File)
	if !ok || !term.IsTerminal(int(f.Fd())) {
		return false
	}
	return os.Getenv("TERM") != "dumb"
}

// terminalWidth returns w's width in columns, or 80 when it cannot tell.
func terminalWidth(w io.Writer) int {
	if f, ok := w.(*os.File); ok {
		if cols, _, err := term.GetSize(int(f.Fd())); err == nil && cols > 0 {
			return cols
		}
	}
	return 80
}

// colorAllowed applies the NO_COLOR convention (https://no-color.org): any
// non-empty value turns colour off, as does the caller's own switch.
func colorAllowed(noColor bool) bool {
	return !noColor && os.Getenv("NO_COLOR") == ""
}
