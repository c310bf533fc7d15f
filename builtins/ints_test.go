package builtins

import (
	"context"
	"math"
	"slices"
	"testing"
)

// TestIntsAgreeWithGo checks every integer fast path against its
// operator's Go function on ints around zero and the int64 limits: each
// answer it gives is the Go function's result, and it refuses exactly
// where the Go function fails (an overflow).
func TestIntsAgreeWithGo(t *testing.T) {
	ints := []int64{math.MinInt64, math.MinInt64 + 1, -1 << 32, -3, -1, 0, 1, 2, 3, 1 << 32, 3037000500, math.MaxInt64 - 1, math.MaxInt64}
	checked := 0
	for _, op := range Default().Ops() {
		p := op.Ints
		if p == nil {
			continue
		}
		roles := append(slices.Clone(p.Operands), p.Zero...)
		slices.Sort(roles)
		if !slices.Equal(roles, []int{0, 1, 2}[:len(op.Params)]) {
			t.Fatalf("%s: fast path roles %v do not cover its %d parameters once each", op.Name, roles, len(op.Params))
		}
		for _, x := range ints {
			for _, y := range ints {
				args := make([]any, len(op.Params))
				for _, k := range p.Zero {
					args[k] = 0.0
				}
				args[p.Operands[0]] = x
				if len(p.Operands) > 1 {
					args[p.Operands[1]] = y
				}
				want, err := op.Go(context.Background(), args)
				got, ok := p.Func(x, y)
				switch {
				case ok != (err == nil):
					t.Fatalf("%s%v: fast path ok=%v, Go function error %v", op.Name, args, ok, err)
				case ok && want != got:
					t.Fatalf("%s%v: fast path %d, Go function %v", op.Name, args, got, want)
				}
				checked++
			}
		}
	}
	if checked == 0 {
		t.Fatal("no built-in has an integer fast path")
	}
}
