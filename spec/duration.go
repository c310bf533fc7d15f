package spec

import (
	"fmt"
	"math"
	"strconv"
	"strings"
	"time"

	"go.yaml.in/yaml/v3"
)

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

// parseDurationText accepts the forms ParseDuration documents.
func parseDurationText(s string) (time.Duration, error) {
	if s == "" {
		return 0, fmt.Errorf("empty duration")
	}
	if f, err := strconv.ParseFloat(s, 64); err == nil {
		if f < 0 || math.IsNaN(f) || f > math.MaxInt64/float64(time.Second) {
			return 0, fmt.Errorf("invalid duration %s: must be a non-negative number of seconds", s)
		}
		return time.Duration(f * float64(time.Second)), nil
	}
	if days, ok := strings.CutSuffix(s, "d"); ok {
		n, err := strconv.ParseFloat(days, 64)
		if err != nil || n < 0 {
			return 0, fmt.Errorf("invalid duration %q", s)
		}
		return time.Duration(n * 24 * float64(time.Hour)), nil
	}
	d, err := time.ParseDuration(s)
	if err != nil {
		return 0, fmt.Errorf("invalid duration %q", s)
	}
	if d < 0 {
		return 0, fmt.Errorf("invalid duration %q: durations cannot be negative", s)
	}
	return d, nil
}
