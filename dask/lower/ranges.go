package lower

import (
	"math"

	"github.com/flowspec/flowspec/compiler"
)

// spreadArg pushes argument a of an Each task. A spread constant list of
// ints in arithmetic progression (a batch of range(n), or a lazy batch's
// compiler.IntRange) travels as a Python range: a few bytes instead of one pickled int per element, and nothing
// for Dask to walk; `each` and the kernel batches accept either.
func (w *lowerer) spreadArg(a *compiler.Arg) {
	if a.Spread && a.Kind == compiler.Const {
		start, stop, step, ok := progression(a.Value)
		if r, isRange := a.Value.(compiler.IntRange); isRange {
			start, stop, step, ok = rangeBounds(r)
		}
		if ok {
			w.global("builtins", "range")
			args := w.p.tuple()
			w.p.int(start)
			w.p.int(stop)
			w.p.int(step)
			args.close()
			w.p.reduce()
			return
		}
	}
	w.arg(a)
}

// rangeBounds is a lazy batch's range (compiler.IntRange, from a rule
// group) as range(start, stop, step), unless its stop leaves int64.
func rangeBounds(r compiler.IntRange) (start, stop, step int64, ok bool) {
	if r.Len == 0 || r.Step == 0 {
		return 0, 0, 0, false
	}
	last := r.At(r.Len - 1)
	if r.Step > 0 && last > math.MaxInt64-r.Step || r.Step < 0 && last < math.MinInt64-r.Step {
		return 0, 0, 0, false
	}
	return r.Start, last + r.Step, r.Step, true
}

// progression reports whether v is a list of two or more int64s with one
// non-zero step between neighbours, as range(start, stop, step).
func progression(v any) (start, stop, step int64, ok bool) {
	l, isList := v.([]any)
	if !isList || len(l) < 2 {
		return 0, 0, 0, false
	}
	first, ok0 := l[0].(int64)
	second, ok1 := l[1].(int64)
	if !ok0 || !ok1 || second == first {
		return 0, 0, 0, false
	}
	step = second - first
	if (step > 0) != (second > first) {
		return 0, 0, 0, false // the step itself overflowed
	}
	for k := 2; k < len(l); k++ {
		x, isInt := l[k].(int64)
		if !isInt || x-step != l[k-1].(int64) || (step > 0) != (x > l[k-1].(int64)) {
			return 0, 0, 0, false
		}
	}
	last := l[len(l)-1].(int64)
	if step > 0 && last > math.MaxInt64-step || step < 0 && last < math.MinInt64-step {
		return 0, 0, 0, false
	}
	return first, last + step, step, true
}
