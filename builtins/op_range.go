package builtins

import (
	"context"
	"fmt"
)

// MaxRange caps the length of a list made by range (the operator and the
// expression function): ten million elements, far beyond any sensible
// fan-out, and a clear error instead of exhausting memory.
const MaxRange = 10_000_000

// opRange makes a list of ints, like Python's range.
func opRange() *Op {
	return &Op{
		Name: "range",
		Doc:  "The ints from start (included) to stop (excluded) by step, as Python's range.",
		Params: []Param{
			required("stop", Int, "the end, excluded"),
			optional("start", Int, int64(0), "the first int"),
			optional("step", Int, int64(1), "the difference between neighbours; negative counts down"),
		},
		Result: List,
		Pure:   true,
		Go: func(_ context.Context, args []any) (any, error) {
			var v [3]int64
			for i, name := range []string{"stop", "start", "step"} {
				x, err := intArg(name, args[i])
				if err != nil {
					return nil, err
				}
				v[i] = x
			}
			return Range(v[1], v[0], v[2])
		},
		Examples: []Example{
			ex([]any{int64(0), int64(1), int64(2)}, "stop", int64(3)),
			ex([]any{int64(5), int64(3), int64(1)}, "start", int64(5), "stop", int64(0), "step", int64(-2)),
			ex([]any{}, "stop", int64(-1)),
			exErr("step must not be zero", "stop", int64(3), "step", int64(0)),
		},
	}
}

// Range returns the ints from start to stop (excluded) by step as []any,
// refusing a zero step and lists longer than MaxRange.
func Range(start, stop, step int64) ([]any, error) {
	n, err := rangeLen(start, stop, step)
	if err != nil {
		return nil, err
	}
	out := make([]any, n)
	x := start
	for i := range out {
		out[i] = x
		x += step // may wrap after the last element, which is never used
	}
	return out, nil
}

// rangeLen is len(range(start, stop, step)) computed without overflow.
func rangeLen(start, stop, step int64) (int, error) {
	var n uint64
	switch {
	case step == 0:
		return 0, fmt.Errorf("step must not be zero")
	case step > 0 && start < stop:
		n = (uint64(stop)-uint64(start)-1)/uint64(step) + 1
	case step < 0 && start > stop:
		n = (uint64(start)-uint64(stop)-1)/(uint64(-(step+1))+1) + 1
	}
	if n > MaxRange {
		return 0, fmt.Errorf("range(%d, %d, %d) has %d elements, more than the limit of %d", start, stop, step, n, MaxRange)
	}
	return int(n), nil
}
