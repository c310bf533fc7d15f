package optimize

import (
	"bytes"
	"flag"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"github.com/flowspec/flowspec/compiler"
	"github.com/flowspec/flowspec/value"
)

// TestOptimizeSeedKeepsResult checks the seed graph at every level and for
// each pass alone: same total, invariants kept.
func TestOptimizeSeedKeepsResult(t *testing.T) {
	g, reg := seedGraph(t, 1000)
	want := evalGraph(t, g, reg)
	if want["total"] != int64(999000) {
		t.Fatalf("reference total = %v, want 999000", want["total"])
	}
	cases := map[string]Options{"default": {Threads: 2}, "all": {Level: LevelAll, Threads: 2}, "none": {Level: LevelNone}}
	for _, p := range PassNames() {
		cases[p] = only(p)
	}
	for name, opts := range cases {
		out, _ := optimized(t, g, reg, opts)
		if got := evalGraph(t, out, reg); !reflect.DeepEqual(got, want) {
			t.Errorf("%s: outputs %v, want %v", name, got, want)
		}
	}
}

// TestOptimizeSeedShape pins what default optimization makes of the seed:
// one fused group run as batches, a concat, the sum.
func TestOptimizeSeedShape(t *testing.T) {
	g, reg := seedGraph(t, 1000)
	out, ex := optimized(t, g, reg, Options{Threads: 2})
	var got []string
	for _, grp := range out.Groups {
		got = append(got, grp.Name+":"+grp.Op)
	}
	want := []string{"add:fused_add_inc_dec", "add.concat:concat", "total:sum"}
	if !reflect.DeepEqual(got, want) {
		t.Fatalf("groups %v, want %v", got, want)
	}
	if out.Groups[0].Stride != 125 || out.Groups[0].Size != 8 {
		t.Errorf("batches: stride %d size %d, want 125 and 8 (1000 / (4 x 2 threads))", out.Groups[0].Stride, out.Groups[0].Size)
	}
	if len(ex.Passes) != 5 || ex.Passes[2].Before.Tasks != 3001 || ex.Passes[2].After.Tasks != 1001 {
		t.Errorf("explain: %+v", ex.Passes)
	}
	if g.Composites != nil || g.Groups[0].Op != "inc" {
		t.Error("Optimize changed its input graph")
	}
}

// TestOptimizeRejectsBadOptions checks the messages for misspelt options.
func TestOptimizeRejectsBadOptions(t *testing.T) {
	g, reg := seedGraph(t, 3)
	for opts, want := range map[*Options]string{
		{Level: "max"}: `unknown optimization level "max"`,
		{Passes: map[string]bool{"fusion": true}}: `unknown optimizer pass "fusion"`,
		{Targets: []string{"ad"}}:                 `unknown target "ad": the flow's tasks are add, dec, inc, total`,
	} {
		_, _, err := Run(g, reg, *opts)
		if err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("%+v: error %v, want %q", *opts, err, want)
		}
	}
}

// TestOptimizeGolden pins each pass's graph for small hand-built flows.
func TestOptimizeGolden(t *testing.T) {
	for _, tc := range []struct {
		name string
		g    func(testing.TB) *compiler.Graph
		opts Options
	}{
		{"cull", cullGraph, Options{Level: LevelNone, Passes: map[string]bool{"cull": true}, Targets: []string{"b"}}},
		{"cse", cseGraph, only("cse")},
		{"fuse", func(t testing.TB) *compiler.Graph { g, _ := seedGraph(t, 3); return g }, only("fuse")},
		{"batch", func(t testing.TB) *compiler.Graph { g, _ := seedGraph(t, 150); return g }, only("batch")},
		{"tree", treeGraph, only("tree")},
		{"seed-default", func(t testing.TB) *compiler.Graph { g, _ := seedGraph(t, 150); return g }, Options{Threads: 1}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			g := tc.g(t)
			reg := newBuilder(t).reg
			out, ex := optimized(t, g, reg, tc.opts)
			sameOutputs(t, evalGraph(t, out, reg), evalGraph(t, g, reg), len(tc.opts.Targets) > 0)
			var buf bytes.Buffer
			if err := ex.Write(&buf); err != nil {
				t.Fatal(err)
			}
			if err := out.WriteJSON(&buf, true); err != nil {
				t.Fatal(err)
			}
			checkGolden(t, filepath.Join("testdata", "golden", tc.name+".golden"), buf.Bytes())
		})
	}
}

func checkGolden(t *testing.T, path string, got []byte) {
	t.Helper()
	if updating() {
		if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, got, 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run go test -update to create it)", err)
	}
	if !bytes.Equal(got, want) {
		t.Errorf("%s differs (go test -update rewrites it):\n%s", path, got)
	}
}

// cullGraph: a -> b, c unrelated, d reads b; target b keeps a and b.
func cullGraph(t testing.TB) *compiler.Graph {
	b := newBuilder(t)
	a := b.group("a", "inc", -1, func(int) []compiler.Arg { return []compiler.Arg{num(1), zeroDelay()} })
	bb := b.group("b", "inc", -1, func(int) []compiler.Arg { return []compiler.Arg{b.elem(a, 0), zeroDelay()} })
	c := b.group("c", "dec", 2, func(e int) []compiler.Arg { return []compiler.Arg{num(int64(e)), zeroDelay()} })
	d := b.group("d", "add", -1, func(int) []compiler.Arg { return []compiler.Arg{b.elem(bb, 0), b.elem(c, 1), zeroDelay()} })
	b.output("d", b.elem(d, 0))
	b.output("b", b.elem(bb, 0))
	return b.g
}

// cseGraph: two equal mapped groups and two equal scalars, read by a sum.
func cseGraph(t testing.TB) *compiler.Graph {
	b := newBuilder(t)
	x := b.group("x", "inc", 2, func(e int) []compiler.Arg { return []compiler.Arg{num(int64(e)), zeroDelay()} })
	y := b.group("y", "inc", 2, func(e int) []compiler.Arg { return []compiler.Arg{num(int64(e)), zeroDelay()} })
	p := b.group("p", "neg", -1, func(int) []compiler.Arg { return []compiler.Arg{b.elem(x, 1)} })
	q := b.group("q", "neg", -1, func(int) []compiler.Arg { return []compiler.Arg{b.elem(y, 1)} })
	s := b.group("s", "sum", -1, func(int) []compiler.Arg {
		return []compiler.Arg{{Kind: compiler.List, Items: []compiler.Arg{b.elem(x, 0), b.elem(y, 0), b.elem(p, 0), b.elem(q, 0)}}}
	})
	b.output("s", b.elem(s, 0))
	return b.g
}

// treeGraph: max over 200 constants and references.
func treeGraph(t testing.TB) *compiler.Graph {
	b := newBuilder(t)
	x := b.group("x", "inc", 200, func(e int) []compiler.Arg { return []compiler.Arg{num(int64(e * 7 % 200)), zeroDelay()} })
	m := b.group("m", "max", -1, func(int) []compiler.Arg { return []compiler.Arg{b.all(x)} })
	b.output("m", b.elem(m, 0))
	return b.g
}

// update rewrites the golden files instead of comparing with them.
var update = flag.Bool("update", false, "rewrite the golden files")

// updating reports the -update flag.
func updating() bool { return *update }

// sameOutputs compares optimized outputs with the reference; with targets,
// outputs may be dropped but none may change.
func sameOutputs(t *testing.T, got, want map[string]any, targets bool) {
	t.Helper()
	if !targets && len(got) != len(want) {
		t.Errorf("outputs %v, want %v", got, want)
	}
	for name, v := range got {
		if w, ok := want[name]; !ok || !value.Identical(v, w) {
			t.Errorf("output %s = %v, want %v", name, v, w)
		}
	}
}
