package dask_test

import (
	"context"
	"encoding/json"
	"path/filepath"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/flowspec/flowspec"
	"github.com/flowspec/flowspec/builtins"
	"github.com/flowspec/flowspec/compiler"
	"github.com/flowspec/flowspec/compiler/optimize"
	"github.com/flowspec/flowspec/dask"
	"github.com/flowspec/flowspec/dask/internal/testcluster"
	"github.com/flowspec/flowspec/runtime"
)

// TestFlowsMatchLocal runs every flow of testdata/run, the seed example and
// the shell example in-process and on a real cluster of each supported
// distributed version, as compiled and as optimized
// (current, 2024.12.1 and the oldest supported, 2023.4.0):
// outputs, state counts and failures (task, message) must be identical, so a
// checked-in flow means the same wherever it runs.
func TestFlowsMatchLocal(t *testing.T) {
	all, _ := filepath.Glob("../testdata/run/*.yaml")
	var files []string
	for _, f := range all {
		if _, refused := daskRefuses[filepath.Base(f)]; !refused {
			files = append(files, f)
		}
	}
	files = append(files, "../examples/dask-example.yaml", "../examples/shell.yaml")
	if len(files) < 4 {
		t.Fatalf("expected flows in ../testdata/run, found %d", len(files))
	}
	t.Setenv("FLOWSPEC_TEST_SUFFIX", "?")
	for _, venv := range []string{"current", "legacy", "oldest"} {
		t.Run(venv, func(t *testing.T) {
			c := testcluster.Start(t, venv, testcluster.Options{Workers: 2, Threads: 2})
			for _, file := range files {
				t.Run(filepath.Base(file), func(t *testing.T) {
					g := compileForTest(t, file, false)
					local := runView(t, runtime.NewLocal(nil, 2), g)
					remote := runView(t, &dask.Executor{Address: c.Address, Registry: builtins.Default()}, g)
					if local != remote {
						t.Errorf("local and Dask runs differ:\nlocal: %s\ndask:  %s", local, remote)
					}
					og, _, err := optimize.Run(g, builtins.Default(), optimize.Options{Level: optimize.LevelDefault, Threads: 2})
					if err != nil {
						t.Fatal(err)
					}
					// Optimized graphs have fewer tasks, so only outputs and
					// failures must agree.
					if optimized := runView(t, &dask.Executor{Address: c.Address, Registry: builtins.Default()}, og); withoutCounts(optimized) != withoutCounts(local) {
						t.Errorf("the optimized graph on Dask differs from the local run:\nlocal:     %s\noptimized: %s", local, optimized)
					}
					// Compiled lazily (rule groups; batches carry their
					// ranges as compiler.IntRange), as flowspec run does.
					lg, _, err := optimize.Run(compileForTest(t, file, true), builtins.Default(), optimize.Options{Level: optimize.LevelDefault, Threads: 2})
					if err != nil {
						t.Fatal(err)
					}
					if lazy := runView(t, &dask.Executor{Address: c.Address, Registry: builtins.Default()}, lg); withoutCounts(lazy) != withoutCounts(local) {
						t.Errorf("the lazily compiled graph on Dask differs from the local run:\nlocal: %s\nlazy:  %s", local, lazy)
					}
				})
			}
		})
	}
}

// daskRefuses lists the run flows the Dask executor does not take, with the
// message it must give instead: they use what Dask cannot run faithfully.
var daskRefuses = map[string]string{
	"dask_refused.yaml": `dask_refused.yaml:14:14: task check.value (expr): expression " \"aab\" matches tasks.pattern " cannot run on Dask: 1:8: matches with a pattern computed at run time is not supported in expressions that run on Dask; write the pattern as a string literal`,
}

// TestFlowsDaskRefuses checks that flows Dask cannot run are refused before
// anything is submitted, with the task's position and the way out.
func TestFlowsDaskRefuses(t *testing.T) {
	for name, want := range daskRefuses {
		g := compileForTest(t, filepath.Join("../testdata/run", name), false)
		err := dask.Check(g, builtins.Default())
		if err == nil || !strings.Contains(err.Error(), want) || !strings.Contains(err.Error(), "--executor local") {
			t.Errorf("%s: Check = %v, want an error containing %q and the fix", name, err, want)
		}
	}
}

// compileForTest compiles file with a fixed seed and, for the seed example,
// ten elements so its random delays stay short.
func compileForTest(t *testing.T, file string, lazy bool) *compiler.Graph {
	t.Helper()
	flow, diags := flowspec.Load(file, nil)
	if diags.HasErrors() {
		t.Fatal(diags)
	}
	cfg := compiler.Config{Seed: 1, Lazy: lazy}
	if filepath.Base(file) == "dask-example.yaml" {
		cfg.Params = map[string]any{"n": int64(10)}
	}
	g, diags := flowspec.Compile(flow, cfg)
	if diags.HasErrors() {
		t.Fatal(diags)
	}
	return g
}

// withoutClass drops the Python exception class Dask messages start with
// ("ZeroDivisionError: division by zero in div: 2 / 0"): the rest must be the
// message the Go implementation gives.
func withoutClass(msg string) string {
	if i := strings.Index(msg, ": "); i > 0 && !strings.ContainsAny(msg[:i], " ([") && strings.HasSuffix(msg[:i], "Error") {
		return msg[i+2:]
	}
	return msg
}

// withoutCounts drops the state counts from a run view.
func withoutCounts(view string) string {
	var v map[string]any
	_ = json.Unmarshal([]byte(view), &v)
	delete(v, "counts")
	out, _ := json.Marshal(v)
	return string(out)
}

// runView runs g and renders what must agree between executors.
func runView(t *testing.T, ex runtime.Executor, g *compiler.Graph) string {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	res, err := flowspec.Run(ctx, g, ex, nil)
	if err != nil {
		t.Fatalf("%s: %v", ex.Name(), err)
	}
	j := res.JSON()
	type failure struct{ Key, Message string }
	var fails []failure
	for _, e := range j.Errors {
		fails = append(fails, failure{e.Key, withoutClass(e.Message)})
	}
	sort.Slice(fails, func(a, b int) bool { return fails[a].Key < fails[b].Key })
	out, err := json.Marshal(map[string]any{"ok": j.OK, "counts": j.Counts, "outputs": j.Outputs, "failures": fails})
	if err != nil {
		t.Fatal(err)
	}
	return string(out)
}
