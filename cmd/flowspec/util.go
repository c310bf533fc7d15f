package main

import (
	"fmt"
	"os"
)

// sprintf formats only when there are arguments, so user text holding % is
// printed as written.
func sprintf(format string, args ...any) string {
	if len(args) == 0 {
		return format
	}
	return fmt.Sprintf(format, args...)
}

// isTerminal reports whether f is an interactive terminal.
func isTerminal(f *os.File) bool {
	st, err := f.Stat()
	return err == nil && st.Mode()&os.ModeCharDevice != 0
}

// useColor reports whether output to f may be coloured: a terminal, and
// NO_COLOR (https://no-color.org) unset.
func useColor(f *os.File) bool {
	_, noColor := os.LookupEnv("NO_COLOR")
	return !noColor && isTerminal(f)
}
