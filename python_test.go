package flowspec_test

import (
	"testing"

	"github.com/flowspec/flowspec"
	"github.com/flowspec/flowspec/builtins"
	"github.com/flowspec/flowspec/compiler"
	"github.com/flowspec/flowspec/compiler/optimize"
	"github.com/flowspec/flowspec/pyfunc"
)

// TestPythonFunctionsOptimize checks what the optimizer may do with user
// functions: an unmarked one is opaque (never merged by cse, never fused,
// never batched unasked); one marked pure and batchable is merged and
// batched like a cheap built-in.
func TestPythonFunctionsOptimize(t *testing.T) {
	reg, err := builtins.All()
	if err != nil {
		t.Fatal(err)
	}
	pyfunc.Register(reg, pyfunc.Config{Interpreter: "python3", Source: "test", Path: []string{"testdata/python/optimize"}, CacheDir: t.TempDir()})
	defer reg.Close()
	flow, diags := flowspec.Load("testdata/python/optimize/flow.yaml", reg)
	if diags.HasErrors() || len(flow.Unchecked) > 0 {
		t.Fatal(diags)
	}
	g, diags := flowspec.Compile(flow, compiler.Config{Registry: reg})
	if diags.HasErrors() {
		t.Fatal(diags)
	}
	og, ex, err := flowspec.Optimize(g, reg, optimize.Options{Level: optimize.LevelDefault, Threads: 2})
	if err != nil {
		t.Fatal(err)
	}
	want := map[string]string{
		"cse":   "2 groups merged into an equal earlier one", // d2 into d (then s2 into s), not t2 into t
		"fuse":  "0 groups fused into their consumer",        // u's inc never absorbs triple
		"batch": "2 groups run as batches",                   // d and the built-in u, not t2
	}
	for _, p := range ex.Passes {
		if w, ok := want[p.Name]; ok && p.Note != w {
			t.Errorf("%s: %q, want %q", p.Name, p.Note, w)
		}
	}
	batched, groups := map[string]bool{}, map[string]bool{}
	for _, grp := range og.Groups {
		groups[grp.Name] = true
		if grp.Stride > 0 {
			batched[grp.Name] = true
		}
	}
	if !batched["d"] || !batched["u"] || len(batched) != 2 {
		t.Errorf("batched groups %v, want d and u", batched)
	}
	if !groups["t"] || !groups["t2"] || groups["d2"] {
		t.Errorf("cse should merge d2 (pure) and keep t and t2 (opaque): groups %v", groups)
	}
}

// TestPythonFunctionsFuse checks that a chain of marked functions fuses and
// then batches like built-ins, and that unmarked ones stay one task each.
func TestPythonFunctionsFuse(t *testing.T) {
	reg, err := builtins.All()
	if err != nil {
		t.Fatal(err)
	}
	pyfunc.Register(reg, pyfunc.Config{Interpreter: "python3", Source: "test", Path: []string{"testdata/python/optimize"}, CacheDir: t.TempDir()})
	defer reg.Close()
	flow, diags := flowspec.Load("testdata/python/optimize/chain.yaml", reg)
	if diags.HasErrors() || len(flow.Unchecked) > 0 {
		t.Fatal(diags)
	}
	g, diags := flowspec.Compile(flow, compiler.Config{Registry: reg})
	if diags.HasErrors() {
		t.Fatal(diags)
	}
	og, _, err := flowspec.Optimize(g, reg, optimize.Options{Level: optimize.LevelDefault, Threads: 2})
	if err != nil {
		t.Fatal(err)
	}
	size := map[string]int{}
	for _, grp := range og.Groups {
		size[grp.Name] = grp.Size
	}
	if _, ok := size["d"]; ok || size["dd"] >= 1000 {
		t.Errorf("d should fuse into dd and dd batch: group sizes %v", size)
	}
	if size["t"] != 1000 || size["tt"] != 1000 {
		t.Errorf("unmarked t and tt should stay 1000 tasks each: group sizes %v", size)
	}
	if len(og.Tasks) > 2000+20 {
		t.Errorf("%d tasks, want at most 2020", len(og.Tasks))
	}
}
