package spec

import "fmt"

// sprintf formats only when there are arguments, so a message holding a
// literal % (from user text) is not mangled.
func sprintf(format string, args ...any) string {
	if len(args) == 0 {
		return format
	}
	return fmt.Sprintf(format, args...)
}
