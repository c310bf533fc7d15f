package optimize

import (
	"path/filepath"
	"testing"

	"github.com/flowspec/flowspec/builtins"
	"github.com/flowspec/flowspec/compiler"
	"github.com/flowspec/flowspec/operator"
	"github.com/flowspec/flowspec/spec"
)

// TestOptimizeFlows compiles every example and test flow and checks that
// each optimization setting keeps the graph's invariants and its outputs
// (and their failed or skipped states). Flows with a parameter n run with
// n = 2 to keep simulated delays short.
func TestOptimizeFlows(t *testing.T) {
	var files []string
	for _, pattern := range []string{"../../examples/*.yaml", "../../testdata/valid/*.yaml", "../../testdata/run/*.yaml", "../testdata/golden/*.yaml"} {
		m, err := filepath.Glob(pattern)
		if err != nil {
			t.Fatal(err)
		}
		files = append(files, m...)
	}
	if len(files) < 10 {
		t.Fatalf("found only %d flows: %v", len(files), files)
	}
	reg := builtins.Default()
	for _, file := range files {
		t.Run(filepath.Base(file), func(t *testing.T) {
			g := compileFile(t, file, reg)
			want := evalGraph(t, g, reg)
			for name, opts := range map[string]Options{"default": {Threads: 1}, "all": {Level: LevelAll, Threads: 1}} {
				out, _ := optimized(t, g, reg, opts)
				sameOutputs(t, evalGraph(t, out, reg), want, false)
				if t.Failed() {
					t.Fatalf("%s: optimization changed the outputs", name)
				}
			}
		})
	}
}

// compileFile loads and compiles a flow with fixed randomness.
func compileFile(t *testing.T, file string, reg *operator.Registry) *compiler.Graph {
	t.Helper()
	f, diags := spec.Load(file, reg)
	if diags.HasErrors() {
		t.Fatalf("%v", diags)
	}
	cfg := compiler.Config{Registry: reg, Seed: 1, RunID: "test", LookupEnv: func(string) (string, bool) { return "", false }}
	for _, p := range f.Params {
		if p.Name == "n" {
			cfg.Params = map[string]any{"n": int64(2)}
		}
	}
	g, diags := compiler.Compile(f, cfg)
	if diags.HasErrors() {
		t.Fatalf("%v", diags)
	}
	return g
}

// TestOptimizeEmptyMap checks a map over an empty list: its groups have no
// tasks and stay, and the sum of nothing is 0 either way.
func TestOptimizeEmptyMap(t *testing.T) {
	reg := builtins.Default()
	f, diags := spec.Parse("seed.yaml", []byte(seedYAML), reg)
	if diags.HasErrors() {
		t.Fatal(diags)
	}
	g, diags := compiler.Compile(f, compiler.Config{Registry: reg, Seed: 1, Params: map[string]any{"n": int64(0)}})
	if diags.HasErrors() {
		t.Fatal(diags)
	}
	for _, opts := range []Options{{}, {Level: LevelAll}} {
		out, _ := optimized(t, g, reg, opts)
		got := evalGraph(t, out, reg)
		if got["total"] != int64(0) || len(out.Groups) != len(g.Groups) {
			t.Errorf("%s: outputs %v, %d groups; want total 0 and %d groups", opts.Level, got, len(out.Groups), len(g.Groups))
		}
	}
}
