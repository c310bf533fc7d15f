package builtins

import (
	"context"
	"math"

	"github.com/flowspec/flowspec/operator"
	"github.com/flowspec/flowspec/value"
)

// opUnique drops repeated elements, keeping the first of each.
func opUnique() *operator.Op {
	return &operator.Op{
		Name:   "unique",
		Doc:    "values without repeats, in first-seen order. Elements are numbers, strings, bools or nulls; 1 and 1.0 are the same number, true is not 1.",
		Params: []operator.Param{required("values", value.List, "a list of numbers, strings, bools or nulls")},
		Result: value.List,
		Pure:   true,
		Go:     unique,
		Examples: []operator.Example{
			ex([]any{int64(3), int64(1), "a"}, "values", []any{int64(3), int64(1), int64(3), "a", 1.0, "a"}),
			ex([]any{true, int64(1), nil}, "values", []any{true, int64(1), nil, true, nil}),
			exErr("values[1] must be a number, string, bool or null, got list of 0", "values", []any{int64(1), []any{}}),
		},
	}
}

// uniqueKey identifies a scalar up to Python's ==: an integral float is
// keyed as the int it equals.
type uniqueKey struct {
	kind byte
	i    int64
	f    float64
	s    string
}

func unique(_ context.Context, args []any) (any, error) {
	l, err := listArg("values", args[0])
	if err != nil {
		return nil, err
	}
	seen := make(map[uniqueKey]struct{}, len(l))
	out := make([]any, 0, len(l))
	for i, e := range l {
		k, err := keyOf(i, e)
		if err != nil {
			return nil, err
		}
		if _, dup := seen[k]; dup {
			continue
		}
		seen[k] = struct{}{} // a NaN key never matches, so every NaN is kept
		out = append(out, e)
	}
	return out, nil
}

func keyOf(i int, v any) (uniqueKey, error) {
	switch v := v.(type) {
	case nil:
		return uniqueKey{kind: 'n'}, nil
	case bool:
		if v {
			return uniqueKey{kind: 'b', i: 1}, nil
		}
		return uniqueKey{kind: 'b'}, nil
	case int64:
		return uniqueKey{kind: 'i', i: v}, nil
	case float64:
		if v == math.Trunc(v) && v >= -0x1p63 && v < 0x1p63 {
			return uniqueKey{kind: 'i', i: int64(v)}, nil
		}
		return uniqueKey{kind: 'f', f: v}, nil
	case string:
		return uniqueKey{kind: 's', s: v}, nil
	}
	return uniqueKey{}, argError(item("values", i), "a number, string, bool or null", v)
}
