package optimize

import (
	"testing"

	"github.com/flowspec/flowspec/compiler"
)

// batchGraph maps inc over n elements with the given delay, and sums them;
// with partial, another task also reads element 0 alone.
func batchGraph(t *testing.T, n int, delay float64, partial bool) (*builder, int) {
	b := newBuilder(t)
	xs := b.group("xs", "inc", n, func(e int) []compiler.Arg { return []compiler.Arg{num(int64(e)), flt(delay)} })
	total := b.group("total", "sum", -1, func(int) []compiler.Arg { return []compiler.Arg{b.all(xs)} })
	b.output("total", b.elem(total, 0))
	b.output("xs", b.all(xs))
	if partial {
		first := b.group("first", "neg", -1, func(int) []compiler.Arg { return []compiler.Arg{b.elem(xs, 0)} })
		b.output("first", b.elem(first, 0))
	}
	return b, xs
}

// TestBatchWhen checks which groups are batched and into how many tasks.
func TestBatchWhen(t *testing.T) {
	cases := []struct {
		name    string
		n       int
		delay   float64
		partial bool
		set     func(*compiler.Group)
		stride  int // 0: not batched
	}{
		{"cheap, auto", 300, 0, false, func(*compiler.Group) {}, 75},
		{"explicit size", 25, 0, false, func(g *compiler.Group) { g.Batch = 10 }, 10},
		{"too small", 50, 0, false, func(*compiler.Group) {}, 0},
		{"read element-wise", 300, 0, true, func(*compiler.Group) {}, 0},
		{"slow", 300, 0.001, false, func(*compiler.Group) {}, 0},
		{"slow, asked auto", 300, 0.001, false, func(g *compiler.Group) { g.Batch = compiler.BatchAuto }, 75},
		{"retries", 300, 0, false, func(g *compiler.Group) { g.Options.Retries = 1 }, 0},
		{"timeout", 300, 0, false, func(g *compiler.Group) { g.Options.Timeout = 1e9 }, 0},
	}
	for _, tc := range cases {
		b, xs := batchGraph(t, tc.n, tc.delay, tc.partial)
		tc.set(b.g.Groups[xs])
		opts := only("batch")
		opts.Threads = 1
		out, _ := optimized(t, b.g, b.reg, opts)
		grp := out.Groups[0]
		if grp.Stride != tc.stride {
			t.Errorf("%s: stride %d, want %d", tc.name, grp.Stride, tc.stride)
			continue
		}
		if tc.stride > 0 && (grp.Size != (tc.n+tc.stride-1)/tc.stride || out.Groups[1].Name != "xs.concat" || !out.Groups[1].Hidden) {
			t.Errorf("%s: %d batches then %s", tc.name, grp.Size, out.Groups[1].Name)
		}
		if tc.delay == 0 {
			sameOutputs(t, evalGraph(t, out, b.reg), evalGraph(t, b.g, b.reg), false)
		}
	}
}
