package main

import "fmt"

// sprintf formats only when there are arguments, so user text holding % is
// printed as written.
func sprintf(format string, args ...any) string {
	if len(args) == 0 {
		return format
	}
	return fmt.Sprintf(format, args...)
}
