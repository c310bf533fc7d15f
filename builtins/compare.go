package builtins

import (
	"fmt"
	"math"
)

// Ordering for min, max and sort: numbers with numbers (ints and floats
// compared exactly, as Python does, not through a lossy float conversion)
// or strings with strings (by code point). Anything else is an error, so a
// list sorts the same way on every executor.

// orderKind says which family an element of param belongs to: "number" or
// "string".
func orderKind(param string, i int, v any) (string, error) {
	switch v.(type) {
	case int64, float64:
		return "number", nil
	case string:
		return "string", nil
	}
	return "", argError(item(param, i), "a number or a string", v)
}

// orderKinds checks that every element of l is orderable and of one family.
func orderKinds(param string, l []any) error {
	var first string
	for i, v := range l {
		k, err := orderKind(param, i, v)
		if err != nil {
			return err
		}
		if i == 0 {
			first = k
		} else if k != first {
			return fmt.Errorf("%s mixes numbers and strings (%s is %s, %s is %s), which cannot be compared",
				param, item(param, 0), TypeOf(l[0]), item(param, i), TypeOf(v))
		}
	}
	return nil
}

// less reports a < b for two values of the same family; false when either
// is NaN, as in Python.
func less(a, b any) bool {
	if s, ok := a.(string); ok {
		return s < b.(string) // byte order is code point order for UTF-8
	}
	return compareNumbers(a, b) < 0
}

// compareNumbers returns -1, 0 or 1, or 2 when the numbers are unordered
// (a NaN is involved).
func compareNumbers(a, b any) int {
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

// equalValues is == with Python's meaning for runtime values: ints and
// floats compare by value (1 == 1.0), bools are not numbers, lists and maps
// compare element by element.
func equalValues(a, b any) bool {
	switch x := a.(type) {
	case int64, float64:
		return isNumber(b) && compareNumbers(a, b) == 0
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
		if !equalValues(x[i], y[i]) {
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
		if !ok || !equalValues(v, w) {
			return false
		}
	}
	return true
}
