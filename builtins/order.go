package builtins

import (
	"fmt"
	"math"

	"github.com/flowspec/flowspec/value"
)

// Ordering for min, max and sort: numbers with numbers (ints and floats
// compared exactly, as Python does, not through a lossy float conversion)
// or strings with strings (by code point). Anything else is an error, so a
// list sorts the same way on every executor. NaN is an error too: it is
// neither smaller nor greater than anything, so a left-to-right minimum
// would keep a leading NaN and skip a later one, and a tree of partial
// minimums (compiler/optimize's tree pass, the Dask reduction trees) would
// give another answer.

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

// nanFree checks that no element of l is NaN; verb says what cannot be
// done with one ("compared", "sorted").
func nanFree(param string, l []any, verb string) error {
	for i, e := range l {
		if f, ok := e.(float64); ok && math.IsNaN(f) {
			return fmt.Errorf("%s is nan, which cannot be %s", item(param, i), verb)
		}
	}
	return nil
}
