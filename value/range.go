package value

import "fmt"

// MaxRange caps the length of a list made by range (the operator and the
// expression function): ten million elements, far beyond any sensible
// fan-out, and a clear error instead of exhausting memory.
const MaxRange = 10_000_000

// Range returns the ints from start to stop (excluded) by step as []any,
// refusing a zero step and lists longer than MaxRange.
func Range(start, stop, step int64) ([]any, error) {
	n, err := RangeLen(start, stop, step)
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

// RangeLen is len(range(start, stop, step)) computed without overflow.
func RangeLen(start, stop, step int64) (int, error) {
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
