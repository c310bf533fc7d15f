package builtins

import (
	"fmt"
	"math"

	"github.com/flowspec/flowspec/value"
)

// argError says that parameter param got a value of the wrong type; the
// Python twins raise TypeError with the same text.
func argError(param, want string, v any) error { return value.WrongType(param, want, v) }

// numberArg checks that v is a number (int64 or float64).
func numberArg(param string, v any) (any, error) {
	if !value.IsNumber(v) {
		return nil, argError(param, "a number", v)
	}
	return v, nil
}

// intArg returns v as an int64; floats are refused, not truncated.
func intArg(param string, v any) (int64, error) {
	i, ok := v.(int64)
	if !ok {
		return 0, argError(param, "an int", v)
	}
	return i, nil
}

// floatArg returns a number as a float64.
func floatArg(param string, v any) (float64, error) {
	switch v := v.(type) {
	case int64:
		return float64(v), nil
	case float64:
		return v, nil
	}
	return 0, argError(param, "a number", v)
}

// stringArg returns v as a string.
func stringArg(param string, v any) (string, error) {
	s, ok := v.(string)
	if !ok {
		return "", argError(param, "a string", v)
	}
	return s, nil
}

// boolArg returns v as a bool.
func boolArg(param string, v any) (bool, error) {
	b, ok := v.(bool)
	if !ok {
		return false, argError(param, "a bool", v)
	}
	return b, nil
}

// listArg returns v as a list.
func listArg(param string, v any) ([]any, error) {
	l, ok := v.([]any)
	if !ok {
		return nil, argError(param, "a list", v)
	}
	return l, nil
}

// mapArg returns v as a map.
func mapArg(param string, v any) (map[string]any, error) {
	m, ok := v.(map[string]any)
	if !ok {
		return nil, argError(param, "a map", v)
	}
	return m, nil
}

// nonEmptyList returns v as a list with at least one element.
func nonEmptyList(param string, v any) ([]any, error) {
	l, err := listArg(param, v)
	if err == nil && len(l) == 0 {
		err = fmt.Errorf("%s is empty", param)
	}
	return l, err
}

// item names element i of a list parameter in messages: values[3].
func item(param string, i int) string { return fmt.Sprintf("%s[%d]", param, i) }

// maxSeconds bounds sleeps and delays: longer ones are surely mistakes
// (Python's time.sleep refuses them too).
const maxSeconds = 1e9

// secondsArg returns a non-negative, finite duration in seconds.
func secondsArg(param string, v any) (float64, error) {
	s, err := floatArg(param, v)
	if err != nil {
		return 0, err
	}
	if !(s >= 0 && s <= maxSeconds) || math.IsNaN(s) {
		return 0, fmt.Errorf("%s must be between 0 and 1e9 seconds, got %s", param, value.Repr(v))
	}
	return s, nil
}
