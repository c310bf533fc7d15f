package wire

import (
	"fmt"
	"strconv"
)

// Version is a distributed release as a scheduler reports it in its
// versions reply (packages.distributed): a calendar version such as
// 2024.12.1. Only the release numbers decide what a scheduler speaks, so a
// pre-release, development or local suffix ("2026.8.0rc1",
// "2024.1.1+12.gabcdef", "2025.4.0.dev3+g0123abc") is read past: such a
// build is taken to speak its release's protocol.
type Version struct{ Year, Month, Patch int }

// ParseVersion reads a distributed version: YEAR.MONTH, an optional .PATCH
// (0 when missing), any further release numbers (ignored), then any suffix
// that does not start with a digit. It fails when YEAR.MONTH is not there,
// as in "main" or versioneer's "0+unknown" for an install without metadata.
func ParseVersion(s string) (Version, error) {
	nums, rest := releaseNumbers(s)
	if len(nums) < 2 {
		return Version{}, fmt.Errorf("distributed version %q is not YEAR.MONTH.PATCH", s)
	}
	v := Version{Year: nums[0], Month: nums[1]}
	if len(nums) > 2 {
		v.Patch = nums[2]
	}
	if rest != "" && rest[0] >= '0' && rest[0] <= '9' {
		return Version{}, fmt.Errorf("distributed version %q is not YEAR.MONTH.PATCH", s)
	}
	return v, nil
}

// releaseNumbers reads the leading dot-separated decimal numbers of s
// ("2024.1.1" of "2024.1.1.dev3") and returns them with what follows. A
// number too large for an int ends the release there.
func releaseNumbers(s string) (nums []int, rest string) {
	rest = s
	for {
		end := 0
		for end < len(rest) && rest[end] >= '0' && rest[end] <= '9' {
			end++
		}
		n, err := strconv.Atoi(rest[:end])
		if err != nil {
			return nums, rest
		}
		nums, rest = append(nums, n), rest[end:]
		if len(rest) < 2 || rest[0] != '.' || rest[1] < '0' || rest[1] > '9' {
			return nums, rest
		}
		rest = rest[1:]
	}
}

// AtLeast reports whether v is year.month or later.
func (v Version) AtLeast(year, month int) bool {
	return v.Year > year || v.Year == year && v.Month >= month
}

// String renders v as YEAR.MONTH.PATCH.
func (v Version) String() string { return fmt.Sprintf("%d.%d.%d", v.Year, v.Month, v.Patch) }

// CancelNeedsReason reports whether cancel-keys requires force, reason and
// msg (2025.3 and later); older schedulers reject those fields.
func (v Version) CancelNeedsReason() bool { return v.AtLeast(2025, 3) }

// TakesSpanMetadata reports whether update-graph accepts span_metadata: the
// parameter arrived in 2024.6, and an older scheduler fails the whole stream
// on an unknown keyword.
func (v Version) TakesSpanMetadata() bool { return v.AtLeast(2024, 6) }
