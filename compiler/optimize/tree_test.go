package optimize

import (
	"testing"

	"github.com/flowspec/flowspec/compiler"
)

// reduceGraph reduces n constants-and-references with op.
func reduceGraph(t *testing.T, op string, n int, value func(e int) compiler.Arg) *builder {
	b := newBuilder(t)
	xs := b.group("xs", "identity", n, func(e int) []compiler.Arg { return []compiler.Arg{value(e)} })
	r := b.group("r", op, -1, func(int) []compiler.Arg { return []compiler.Arg{b.all(xs)} })
	b.output("r", b.elem(r, 0))
	return b
}

// TestTreeLevels checks the tree's shape: 5000 inputs make 79 partials of
// 64, then 2, then the final reduction; sums split only at LevelAll.
func TestTreeLevels(t *testing.T) {
	cases := []struct {
		op     string
		level  Level
		groups int // after the inputs
	}{
		{"min", LevelNone, 3},
		{"concat", LevelNone, 3},
		{"sum", LevelNone, 1},
		{"sum", LevelAll, 3},
	}
	for _, tc := range cases {
		b := reduceGraph(t, tc.op, 5000, func(e int) compiler.Arg {
			if tc.op == "concat" {
				return compiler.Arg{Kind: compiler.Const, Value: []any{int64(e)}}
			}
			return num(int64(e*7919%5000 - 2500))
		})
		opts := Options{Level: tc.level, Passes: map[string]bool{"tree": true, "batch": false}}
		out, _ := optimized(t, b.g, b.reg, opts)
		if got := len(out.Groups) - 1; got != tc.groups {
			t.Errorf("%s at %s: %d groups after the inputs, want %d", tc.op, tc.level, got, tc.groups)
			continue
		}
		if tc.groups == 3 {
			l1, l2 := out.Groups[1], out.Groups[2]
			if l1.Name != "r.tree1" || l1.Size != 79 || l2.Size != 2 || !l1.Hidden {
				t.Errorf("%s: levels %s×%d, %s×%d", tc.op, l1.Name, l1.Size, l2.Name, l2.Size)
			}
		}
		sameOutputs(t, evalGraph(t, out, b.reg), evalGraph(t, b.g, b.reg), false)
	}
}
