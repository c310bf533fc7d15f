package optimize

import (
	"math"
	"testing"

	"github.com/flowspec/flowspec/compiler"
)

// TestCSEMergesOnlyEqualPureCalls checks which pairs of groups merge.
func TestCSEMergesOnlyEqualPureCalls(t *testing.T) {
	cases := []struct {
		name   string
		op     string
		a, b   compiler.Arg
		merged bool
	}{
		{"equal ints", "neg", num(3), num(3), true},
		{"different ints", "neg", num(3), num(4), false},
		{"int and float", "neg", num(3), flt(3), false},
		{"zero and negative zero", "neg", flt(0), flt(math.Copysign(0, -1)), false},
		{"equal lists", "sum", compiler.Arg{Kind: compiler.Const, Value: []any{int64(1), "x"}}, compiler.Arg{Kind: compiler.Const, Value: []any{int64(1), "x"}}, true},
		{"effects", "fail", compiler.Arg{Kind: compiler.Const, Value: "boom"}, compiler.Arg{Kind: compiler.Const, Value: "boom"}, false},
	}
	for _, tc := range cases {
		b := newBuilder(t)
		x := b.group("x", tc.op, -1, func(int) []compiler.Arg { return []compiler.Arg{tc.a} })
		y := b.group("y", tc.op, -1, func(int) []compiler.Arg { return []compiler.Arg{tc.b} })
		b.output("x", b.elem(x, 0))
		b.output("y", b.elem(y, 0))
		out, _ := optimized(t, b.g, b.reg, only("cse"))
		if merged := len(out.Groups) == 1; merged != tc.merged {
			t.Errorf("%s: merged %v, want %v", tc.name, merged, tc.merged)
		}
		sameOutputs(t, evalGraph(t, out, b.reg), evalGraph(t, b.g, b.reg), false)
	}
}

// TestCSEMergesChains checks that merging one group lets its readers merge
// too, and that a when: condition stops merging.
func TestCSEMergesChains(t *testing.T) {
	b := newBuilder(t)
	x1 := b.group("x1", "inc", 3, func(e int) []compiler.Arg { return []compiler.Arg{num(int64(e)), zeroDelay()} })
	x2 := b.group("x2", "inc", 3, func(e int) []compiler.Arg { return []compiler.Arg{num(int64(e)), zeroDelay()} })
	s1 := b.group("s1", "sum", -1, func(int) []compiler.Arg { return []compiler.Arg{b.all(x1)} })
	s2 := b.group("s2", "sum", -1, func(int) []compiler.Arg { return []compiler.Arg{b.all(x2)} })
	w := b.group("w", "sum", -1, func(int) []compiler.Arg { return []compiler.Arg{b.all(x2)} })
	b.g.Groups[w].Options.When = &compiler.Arg{Kind: compiler.Const, Value: true}
	b.output("s", compiler.Arg{Kind: compiler.List, Items: []compiler.Arg{b.elem(s1, 0), b.elem(s2, 0), b.elem(w, 0)}})
	out, _ := optimized(t, b.g, b.reg, only("cse"))
	if got := namesOf(out); len(got) != 3 || got[0] != "x1" || got[1] != "s1" || got[2] != "w" {
		t.Errorf("kept %v, want x1 s1 w", got)
	}
	sameOutputs(t, evalGraph(t, out, b.reg), evalGraph(t, b.g, b.reg), false)
}
