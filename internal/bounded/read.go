// Package bounded reads the files flowspec opens on a user's behalf (flow
// files, CA bundles, certificates, its state file) without ever holding more
// than a stated number of bytes, so a path like /dev/zero or a huge file is a
// clear error rather than exhausted memory.
package bounded

import (
	"errors"
	"fmt"
	"io"
	"os"
	"strings"
)

// ErrTooLarge marks a file past the limit it was read with.
var ErrTooLarge = errors.New("file too large")

// ReadFile reads path, refusing with an error wrapping ErrTooLarge (and
// naming the limit) once more than limit bytes have been read.
func ReadFile(path string, limit int64) ([]byte, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	b, err := io.ReadAll(io.LimitReader(f, limit+1))
	if err != nil {
		return nil, err
	}
	if int64(len(b)) > limit {
		return nil, fmt.Errorf("%s: %w: it holds more than %s, the limit", path, ErrTooLarge, Size(limit))
	}
	return b, nil
}

// Size words a byte count as people write it: 16 MiB, 512 KiB, 100 bytes.
func Size(n int64) string {
	switch {
	case n >= 1<<30:
		return trimZero(fmt.Sprintf("%.1f GiB", float64(n)/(1<<30)))
	case n >= 1<<20:
		return trimZero(fmt.Sprintf("%.1f MiB", float64(n)/(1<<20)))
	case n >= 1<<10:
		return trimZero(fmt.Sprintf("%.1f KiB", float64(n)/(1<<10)))
	}
	return fmt.Sprintf("%d bytes", n)
}

// trimZero drops a ".0" before the unit: 16 MiB, not 16.0 MiB.
func trimZero(s string) string { return strings.Replace(s, ".0 ", " ", 1) }
