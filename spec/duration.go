package spec

import (
	"fmt"
	"math"
	"strconv"
	"strings"
	"time"

	"go.yaml.in/yaml/v3"
)

// MaxDuration bounds every duration of a flow (timeouts, delays, intervals,
// windows): a year is longer than any run should last, and the bound keeps
// every duration, and the arithmetic done with it, within time.Duration.
const MaxDuration = 365 * 24 * time.Hour

// MinEvery is the shortest interval of a clock. Each tick compiles the flow,
// opens an executor and writes the state file; a faster clock would start
// runs back to back and starve the loop that notices a stop signal.
const MinEvery = time.Second

// ParseDuration reads a duration node: a Go duration string ("1m30s", "500ms"),
// days ("2d"), or a bare number of seconds (30, 0.5). Negative durations are
// rejected: no setting of a flow means "before now".
func ParseDuration(file string, n *yaml.Node) (Duration, *Diagnostic) {
	r := RangeOf(file, n)
	if n.Kind != yaml.ScalarNode {
		return Duration{}, durationError(r, "a duration must be a string like 30s or a number of seconds")
	}
	d, err := parseDurationText(strings.TrimSpace(n.Value))
	if err != nil {
		return Duration{}, durationError(r, err.Error())
	}
	return Duration{Duration: d, Range: r}, nil
}

func durationError(r Range, msg string) *Diagnostic {
	return &Diagnostic{Severity: Error, Range: r, Message: msg, Hint: "write durations like 500ms, 30s, 5m, 1h30m, 2d or a number of seconds"}
}

// parseDurationText accepts the forms ParseDuration documents, up to
// MaxDuration. NaN, infinities and spans past the limit are refused
// whatever the form, never wrapped into a negative or zero duration.
func parseDurationText(s string) (time.Duration, error) {
	if s == "" {
		return 0, fmt.Errorf("empty duration")
	}
	if f, err := strconv.ParseFloat(s, 64); err == nil {
		return fromUnits(s, f, time.Second, "a non-negative number of seconds")
	}
	if days, ok := strings.CutSuffix(s, "d"); ok {
		n, err := strconv.ParseFloat(days, 64)
		if err != nil {
			return 0, fmt.Errorf("invalid duration %q", s)
		}
		return fromUnits(s, n, 24*time.Hour, "a non-negative number of days")
	}
	if isYAMLNonFinite(s) {
		return 0, fmt.Errorf("invalid duration %s: a duration must be a finite number", s)
	}
	d, err := time.ParseDuration(s)
	if err != nil {
		if n, unit, ok := oneUnit(s); ok {
			return fromUnits(s, n, unit, "a non-negative span")
		}
		return 0, fmt.Errorf("invalid duration %q", s)
	}
	if d < 0 {
		return 0, fmt.Errorf("invalid duration %q: durations cannot be negative", s)
	}
	if d > MaxDuration {
		return 0, tooLong(s)
	}
	return d, nil
}

// fromUnits converts n units to a duration, refusing NaN, infinities,
// negative spans and spans past MaxDuration.
func fromUnits(s string, n float64, unit time.Duration, want string) (time.Duration, error) {
	switch {
	case math.IsNaN(n) || math.IsInf(n, -1) || n < 0:
		return 0, fmt.Errorf("invalid duration %s: must be %s", s, want)
	case n*float64(unit) > float64(MaxDuration):
		return 0, tooLong(s)
	}
	return time.Duration(n * float64(unit)), nil
}

// tooLong is the error for a duration past MaxDuration.
func tooLong(s string) error {
	return fmt.Errorf("duration %s is longer than the limit of 365d: %s", s, durationWhy)
}

// units are Go's duration units, longest suffix first.
var units = []struct {
	suffix string
	unit   time.Duration
}{{"ns", time.Nanosecond}, {"us", time.Microsecond}, {"µs", time.Microsecond}, {"ms", time.Millisecond},
	{"h", time.Hour}, {"m", time.Minute}, {"s", time.Second}}

// oneUnit reads a number with one unit ("100000000h"), which
// time.ParseDuration refuses when it overflows, so the limit can be named.
func oneUnit(s string) (float64, time.Duration, bool) {
	for _, u := range units {
		if num, ok := strings.CutSuffix(s, u.suffix); ok {
			n, err := strconv.ParseFloat(num, 64)
			return n, u.unit, err == nil
		}
	}
	return 0, 0, false
}

// isYAMLNonFinite reports YAML's spellings of NaN and the infinities.
func isYAMLNonFinite(s string) bool {
	switch strings.ToLower(strings.TrimLeft(s, "+-")) {
	case ".nan", ".inf":
		return true
	}
	return false
}
