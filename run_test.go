package flowspec_test

import (
	"context"
	"encoding/json"
	"flag"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"

	"github.com/flowspec/flowspec"
	"github.com/flowspec/flowspec/builtins"
	"github.com/flowspec/flowspec/compiler"
	"github.com/flowspec/flowspec/compiler/optimize"
	"github.com/flowspec/flowspec/runtime"
)

var updateRun = flag.Bool("update-run", false, "rewrite testdata/run/*.golden")

// runView is what a run golden pins: outputs, counts by state and errors,
// without timings.
type runView struct {
	OK      bool                `json:"ok"`
	Counts  map[string]int      `json:"counts"`
	Outputs map[string]any      `json:"outputs"`
	Errors  []runtime.ErrorJSON `json:"errors"`
}

// TestRunFlows runs every testdata/run flow in-process and compares its
// outputs, state counts and errors with the golden file beside it.
func TestRunFlows(t *testing.T) {
	files, _ := filepath.Glob("testdata/run/*.yaml")
	if len(files) < 3 {
		t.Fatalf("expected run flows in testdata/run, found %d", len(files))
	}
	t.Setenv("FLOWSPEC_TEST_SUFFIX", "?")
	for _, file := range files {
		t.Run(filepath.Base(file), func(t *testing.T) {
			got := runFlow(t, file)
			golden := strings.TrimSuffix(file, ".yaml") + ".golden"
			if *updateRun {
				if err := os.WriteFile(golden, got, 0o644); err != nil {
					t.Fatal(err)
				}
				return
			}
			want, err := os.ReadFile(golden)
			if err != nil {
				t.Fatalf("%v (go test . -run TestRunFlows -update-run)", err)
			}
			if string(got) != string(want) {
				t.Errorf("run of %s differs from %s:\n%s", file, golden, got)
			}
			// Optimized, the graph has fewer tasks but the same outputs and
			// failures.
			if opt := optimizedView(t, file); opt != viewWithoutCounts(t, want) {
				t.Errorf("optimized run of %s differs:\n%s\nwant\n%s", file, opt, viewWithoutCounts(t, want))
			}
			// Compiled lazily (maps that follow a rule as rule groups, as
			// flowspec run does in process), the same again.
			if lazy := lazyView(t, file); lazy != viewWithoutCounts(t, want) {
				t.Errorf("lazily compiled run of %s differs:\n%s\nwant\n%s", file, lazy, viewWithoutCounts(t, want))
			}
		})
	}
}

// optimizedView runs file with every default optimizer pass and renders
// outputs and failures.
func optimizedView(t *testing.T, file string) string {
	t.Helper()
	g, _, err := optimize.Run(compileRunFlow(t, file), builtins.Default(), optimize.Options{Threads: 2})
	if err != nil {
		t.Fatal(err)
	}
	return viewWithoutCounts(t, runGraph(t, g))
}

// lazyView compiles file lazily, optimizes it (which expands its rule
// groups) and renders outputs and failures.
func lazyView(t *testing.T, file string) string {
	t.Helper()
	flow, diags := flowspec.Load(file, nil)
	if diags.HasErrors() {
		t.Fatal(diags)
	}
	g, diags := flowspec.Compile(flow, compiler.Config{Seed: 1, Lazy: true})
	if diags.HasErrors() {
		t.Fatal(diags)
	}
	g, _, err := optimize.Run(g, builtins.Default(), optimize.Options{Threads: 2})
	if err != nil {
		t.Fatal(err)
	}
	return viewWithoutCounts(t, runGraph(t, g))
}

// viewWithoutCounts drops the state counts from a rendered run.
func viewWithoutCounts(t *testing.T, view []byte) string {
	var v runView
	if err := json.Unmarshal(view, &v); err != nil {
		t.Fatal(err)
	}
	v.Counts = nil
	out, _ := json.Marshal(v)
	return string(out)
}

// compileRunFlow loads and compiles a run flow with a fixed seed.
func compileRunFlow(t *testing.T, file string) *compiler.Graph {
	t.Helper()
	flow, diags := flowspec.Load(file, nil)
	if diags.HasErrors() {
		t.Fatal(diags)
	}
	g, diags := flowspec.Compile(flow, compiler.Config{Seed: 1})
	if diags.HasErrors() {
		t.Fatal(diags)
	}
	return g
}

// runFlow compiles and runs file on the local executor and renders the
// result without timings.
func runFlow(t *testing.T, file string) []byte {
	t.Helper()
	return runGraph(t, compileRunFlow(t, file))
}

// runGraph runs g in-process and renders outputs, counts and errors.
func runGraph(t *testing.T, g *compiler.Graph) []byte {
	t.Helper()
	res, err := flowspec.Run(context.Background(), g, runtime.NewLocal(nil, 2), nil)
	if err != nil {
		t.Fatal(err)
	}
	j := res.JSON()
	raw, err := json.Marshal(j)
	if err != nil {
		t.Fatal(err)
	}
	var v runView
	if err := json.Unmarshal(raw, &v); err != nil {
		t.Fatal(err)
	}
	// Failures of independent tasks happen in any order; pin them by key.
	sort.Slice(v.Errors, func(i, j int) bool { return v.Errors[i].Key < v.Errors[j].Key })
	out, _ := json.MarshalIndent(v, "", "  ")
	return append(out, '\n')
}
