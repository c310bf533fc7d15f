package builtins

import (
	"fmt"

	"github.com/flowspec/flowspec/value"
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
				param, item(param, 0), value.TypeOf(l[0]), item(param, i), value.TypeOf(v))
		}
	}
	return nil
}
