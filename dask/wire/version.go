package wire

import (
	"fmt"
	"strconv"
	"strings"
)

// Version is a distributed calendar version, such as 2024.12.1.
type Version struct{ Year, Month, Patch int }

// ParseVersion reads "2024.12.1" (a suffix such as "+12.gabc" or "rc1" on
// the patch is ignored).
func ParseVersion(s string) (Version, error) {
	parts := strings.SplitN(s, ".", 3)
	if len(parts) < 2 {
		return Version{}, fmt.Errorf("distributed version %q is not YYYY.M.P", s)
	}
	var v Version
	var err error
	if v.Year, err = strconv.Atoi(parts[0]); err != nil {
		return Version{}, fmt.Errorf("distributed version %q is not YYYY.M.P", s)
	}
	if v.Month, err = strconv.Atoi(parts[1]); err != nil {
		return Version{}, fmt.Errorf("distributed version %q is not YYYY.M.P", s)
	}
	if len(parts) == 3 {
		end := strings.IndexFunc(parts[2], func(r rune) bool { return r < '0' || r > '9' })
		if end < 0 {
			end = len(parts[2])
		}
		v.Patch, _ = strconv.Atoi(parts[2][:end])
	}
	return v, nil
}

// AtLeast reports whether v is year.month or later.
func (v Version) AtLeast(year, month int) bool {
	return v.Year > year || v.Year == year && v.Month >= month
}

// String renders v as YYYY.M.P.
func (v Version) String() string { return fmt.Sprintf("%d.%d.%d", v.Year, v.Month, v.Patch) }

// CancelNeedsReason reports whether cancel-keys requires force, reason and
// msg (2025.3 and later); older schedulers reject those fields.
func (v Version) CancelNeedsReason() bool { return v.AtLeast(2025, 3) }

// TakesSpanMetadata reports whether update-graph accepts span_metadata: the
// parameter arrived in 2024.6, and an older scheduler fails the whole stream
// on an unknown keyword.
func (v Version) TakesSpanMetadata() bool { return v.AtLeast(2024, 6) }
