package value

import "math"

// Less reports a < b for two values of the same family; false when either
// is NaN, as in Python.
func Less(a, b any) bool {
	if s, ok := a.(string); ok {
		return s < b.(string) // byte order is code point order for UTF-8
	}
	return CompareNumbers(a, b) < 0
}

// CompareNumbers returns -1, 0 or 1, or 2 when the numbers are unordered
// (a NaN is involved).
func CompareNumbers(a, b any) int {
	switch x := a.(type) {
	case int64:
		if y, ok := b.(int64); ok {
			return cmp3(x < y, x > y)
		}
		return compareIntFloat(x, b.(float64))
	case float64:
		if y, ok := b.(int64); ok {
			c := compareIntFloat(y, x)
			if c == 2 {
				return 2
			}
			return -c
		}
		y := b.(float64)
		if math.IsNaN(x) || math.IsNaN(y) {
			return 2
		}
		return cmp3(x < y, x > y)
	}
	return 2
}

// compareIntFloat compares i with f exactly.
func compareIntFloat(i int64, f float64) int {
	switch {
	case math.IsNaN(f):
		return 2
	case f >= 0x1p63:
		return -1
	case f < -0x1p63:
		return 1
	}
	t := math.Trunc(f)
	if ti := int64(t); i != ti {
		return cmp3(i < ti, i > ti)
	}
	return cmp3(f > t, f < t)
}

func cmp3(lt, gt bool) int {
	switch {
	case lt:
		return -1
	case gt:
		return 1
	}
	return 0
}

// Equal is == with Python's meaning for runtime values: ints and
// floats compare by value (1 == 1.0), bools are not numbers, lists and maps
// compare element by element.
func Equal(a, b any) bool {
	switch x := a.(type) {
	case int64, float64:
		return IsNumber(b) && CompareNumbers(a, b) == 0
	case string:
		y, ok := b.(string)
		return ok && x == y
	case bool:
		y, ok := b.(bool)
		return ok && x == y
	case nil:
		return b == nil
	case []any:
		y, ok := b.([]any)
		return ok && equalLists(x, y)
	case map[string]any:
		y, ok := b.(map[string]any)
		return ok && equalMaps(x, y)
	}
	return false
}

func equalLists(x, y []any) bool {
	if len(x) != len(y) {
		return false
	}
	for i := range x {
		if !Equal(x[i], y[i]) {
			return false
		}
	}
	return true
}

func equalMaps(x, y map[string]any) bool {
	if len(x) != len(y) {
		return false
	}
	for k, v := range x {
		w, ok := y[k]
		if !ok || !Equal(v, w) {
			return false
		}
	}
	return true
}
