package expression

import (
	"cmp"
	"fmt"

	"github.com/flowspec/flowspec/value"
)

// The functions the semantics patch calls. They receive normalized runtime
// values; builtins/python/expr.py holds their twins, with the same messages.

// exprOp names expressions in arithmetic errors.
const exprOp = "expression"

func exprAdd(a, b any) (any, error) {
	if value.IsNumber(a) && value.IsNumber(b) {
		return value.Add(exprOp, a, b)
	}
	if x, ok := a.(string); ok {
		if y, ok := b.(string); ok {
			return x + y, nil
		}
	}
	return nil, fmt.Errorf("cannot add %s and %s", value.Describe(a), value.Describe(b))
}

// numeric lifts a checked number operation to expression operands.
func numeric(sym string, f func(op string, a, b any) (any, error)) func(a, b any) (any, error) {
	return func(a, b any) (any, error) {
		if !value.IsNumber(a) || !value.IsNumber(b) {
			return nil, fmt.Errorf("cannot apply %s to %s and %s", sym, value.Describe(a), value.Describe(b))
		}
		return f(exprOp, a, b)
	}
}

func exprNeg(a any) (any, error) {
	if !value.IsNumber(a) {
		return nil, fmt.Errorf("cannot negate %s", value.Describe(a))
	}
	return value.Neg(exprOp, a)
}

// comparison orders two numbers or two strings; want says which results
// of value.CompareNumbers (or cmp.Compare for strings) make the comparison true. NaN is
// unordered: every comparison with it is false.
func comparison(sym string, want func(int) bool) func(a, b any) (any, error) {
	return func(a, b any) (any, error) {
		if value.IsNumber(a) && value.IsNumber(b) {
			return want(value.CompareNumbers(a, b)), nil
		}
		x, xok := a.(string)
		y, yok := b.(string)
		if !xok || !yok {
			return nil, fmt.Errorf("cannot compare %s %s %s", value.Describe(a), sym, value.Describe(b))
		}
		return want(cmp.Compare(x, y)), nil
	}
}

// exprBool checks the right operand of and/or, which expr-lang would
// otherwise return as it is (true and 1 == 1).
func exprBool(a any) (any, error) {
	if _, ok := a.(bool); !ok {
		return nil, fmt.Errorf("expected a bool, got %s", value.Describe(a))
	}
	return a, nil
}

func exprIn(x, coll any) (any, error) {
	switch c := coll.(type) {
	case nil:
		return false, nil
	case []any:
		for _, e := range c {
			if value.Equal(x, e) {
				return true, nil
			}
		}
		return false, nil
	case map[string]any:
		k, ok := x.(string)
		if !ok {
			return false, nil
		}
		_, ok = c[k]
		return ok, nil
	}
	return nil, fmt.Errorf("in needs a list or a map on its right, got %s", value.Describe(coll))
}

func exprIndex(x, i any) (any, error) {
	switch c := x.(type) {
	case []any:
		j, err := position(i, len(c), "a list of")
		if err != nil {
			return nil, err
		}
		return c[j], nil
	case string:
		r := []rune(c)
		j, err := position(i, len(r), "a string of")
		if err != nil {
			return nil, err
		}
		return string(r[j]), nil
	case map[string]any:
		k, ok := i.(string)
		if !ok {
			return nil, fmt.Errorf("a map key must be a string, got %s", value.Describe(i))
		}
		return c[k], nil
	}
	return nil, fmt.Errorf("cannot index %s", value.Describe(x))
}

// position resolves index i (negative counts from the end) in a sequence
// of n elements.
func position(i any, n int, what string) (int, error) {
	k, ok := i.(int64)
	if !ok {
		return 0, fmt.Errorf("an index must be an int, got %s", value.Describe(i))
	}
	j := k
	if j < 0 {
		j += int64(n)
	}
	if j < 0 || j >= int64(n) {
		return 0, fmt.Errorf("index %d is out of range for %s %d", k, what, n)
	}
	return int(j), nil
}

func exprSlice(args ...any) (any, error) {
	if len(args) != 3 {
		return nil, fmt.Errorf("expected 3 arguments, got %d", len(args))
	}
	var v [3]any
	for i, a := range args {
		var err error
		if v[i], err = value.Normalize(a); err != nil {
			return nil, err
		}
	}
	switch c := v[0].(type) {
	case []any:
		from, to, err := bounds(v[1], v[2], len(c))
		if err != nil {
			return nil, err
		}
		return append([]any{}, c[from:to]...), nil
	case string:
		r := []rune(c)
		from, to, err := bounds(v[1], v[2], len(r))
		if err != nil {
			return nil, err
		}
		return string(r[from:to]), nil
	}
	return nil, fmt.Errorf("cannot slice %s", value.Describe(v[0]))
}

// bounds resolves Python slice bounds (null for open, negative from the
// end, clamped to the sequence).
func bounds(from, to any, n int) (int, int, error) {
	a, err := bound(from, 0, n)
	if err != nil {
		return 0, 0, err
	}
	b, err := bound(to, n, n)
	if err != nil {
		return 0, 0, err
	}
	return a, max(a, b), nil
}

func bound(v any, open, n int) (int, error) {
	if v == nil {
		return open, nil
	}
	k, ok := v.(int64)
	if !ok {
		return 0, fmt.Errorf("a slice bound must be an int, got %s", value.Describe(v))
	}
	if k < 0 {
		k = max(k+int64(n), 0)
	}
	return int(min(k, int64(n))), nil
}
