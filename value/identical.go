package value

import "math"

// Identical reports whether two runtime values are the same value of the
// same type: 1 and 1.0 differ, floats compare by bits (so -0.0 differs from
// 0.0) except that every NaN is identical to every NaN, and lists and maps
// compare element by element. The optimizer merges tasks on it and tests
// compare executors with it; Python's == is equalValues.
func Identical(a, b any) bool {
	switch x := a.(type) {
	case float64:
		y, ok := b.(float64)
		return ok && (math.Float64bits(x) == math.Float64bits(y) || math.IsNaN(x) && math.IsNaN(y))
	case []any:
		y, ok := b.([]any)
		if !ok || len(x) != len(y) {
			return false
		}
		for i := range x {
			if !Identical(x[i], y[i]) {
				return false
			}
		}
		return true
	case map[string]any:
		y, ok := b.(map[string]any)
		if !ok || len(x) != len(y) {
			return false
		}
		for k, v := range x {
			if w, ok := y[k]; !ok || !Identical(v, w) {
				return false
			}
		}
		return true
	}
	return a == b
}
