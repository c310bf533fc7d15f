// Package tty answers the two questions every command and the run progress
// ask before writing for people: is this writer an interactive terminal,
// and is colour wanted. They are answered here once, so `flowspec validate`,
// load errors and the live progress agree.
package tty

import (
	"io"
	"os"

	"golang.org/x/term"
)

// IsTerminal reports whether w is an interactive terminal. Pipes, files and
// character devices that are not terminals (/dev/null) are not.
func IsTerminal(w io.Writer) bool {
	f, ok := w.(*os.File)
	return ok && term.IsTerminal(int(f.Fd()))
}

// CanRedraw reports whether w is a terminal that understands cursor
// movement and colour escapes: a terminal whose TERM is not "dumb".
func CanRedraw(w io.Writer) bool {
	return IsTerminal(w) && os.Getenv("TERM") != "dumb"
}

// NoColor reports whether the user asked for no colour, following
// https://no-color.org: NO_COLOR set to a non-empty value. An empty NO_COLOR
// is the same as unset.
func NoColor() bool {
	return os.Getenv("NO_COLOR") != ""
}

// Color reports whether output to w may be coloured: a terminal that can
// show escapes, and no NO_COLOR.
func Color(w io.Writer) bool {
	return CanRedraw(w) && !NoColor()
}

// Width returns w's width in columns, or 80 when it cannot tell.
func Width(w io.Writer) int {
	if f, ok := w.(*os.File); ok {
		if cols, _, err := term.GetSize(int(f.Fd())); err == nil && cols > 0 {
			return cols
		}
	}
	return 80
}
