package dask_test

import (
	"context"
	"encoding/json"
	"path/filepath"
	"sort"
	"testing"
	"time"

	"github.com/flowspec/flowspec"
	"github.com/flowspec/flowspec/builtins"
	"github.com/flowspec/flowspec/compiler"
	"github.com/flowspec/flowspec/compiler/optimize"
	"github.com/flowspec/flowspec/dask"
	"github.com/flowspec/flowspec/dask/internal/testcluster"
	"github.com/flowspec/flowspec/operator"
	"github.com/flowspec/flowspec/pyfunc"
	"github.com/flowspec/flowspec/runtime"
	"github.com/flowspec/flowspec/value"
)

// TestPythonFlowsMatchLocal runs flows that call Python functions (a module
// beside the flow, which travels with the graph) in-process and on a real
// cluster: outputs, counts and failures, with the exception class, message
// and the user's traceback frames, must be identical.
func TestPythonFlowsMatchLocal(t *testing.T) {
	files, _ := filepath.Glob("../testdata/python/*.yaml")
	files = append(files, "../examples/python/flow.yaml", "../examples/pipeline/flow.yaml")
	if len(files) < 3 {
		t.Fatalf("expected flows in ../testdata/python, found %d", len(files))
	}
	for _, venv := range []string{"current", "oldest"} {
		t.Run(venv, func(t *testing.T) {
			c := testcluster.Start(t, venv, testcluster.Options{Workers: 2, Threads: 2})
			for _, file := range files {
				t.Run(filepath.ToSlash(file[len("../"):]), func(t *testing.T) {
					reg := pythonRegistry(t, file)
					g := compilePython(t, file, reg)
					local := fullView(t, runtime.NewLocal(reg, 2), g)
					remote := fullView(t, &dask.Executor{Address: c.Address, Registry: reg}, g)
					if local != remote {
						t.Errorf("local and Dask runs differ:\nlocal: %s\ndask:  %s", local, remote)
					}
					og, _, err := optimize.Run(g, reg, optimize.Options{Level: optimize.LevelDefault, Threads: 2})
					if err != nil {
						t.Fatal(err)
					}
					if optimized := fullView(t, &dask.Executor{Address: c.Address, Registry: reg}, og); withoutCounts(optimized) != withoutCounts(local) {
						t.Errorf("the optimized graph on Dask differs from the local run:\nlocal:     %s\noptimized: %s", local, optimized)
					}
					if optimized := fullView(t, runtime.NewLocal(reg, 2), og); withoutCounts(optimized) != withoutCounts(local) {
						t.Errorf("the optimized graph in process differs from the local run:\nlocal:     %s\noptimized: %s", local, optimized)
					}
				})
			}
		})
	}
}

// pythonRegistry is the built-ins and file's Python functions, with
// python3, as the CLI builds it.
func pythonRegistry(t *testing.T, file string) *operator.Registry {
	t.Helper()
	reg, err := builtins.All()
	if err != nil {
		t.Fatal(err)
	}
	flow, _ := flowspec.Load(file, nil)
	in := pyfunc.Inputs{Dir: filepath.Dir(file)}
	if flow.Python != nil {
		in.FilePath = flow.Python.Path
	}
	cfg := pyfunc.Resolve(in)
	cfg.CacheDir = t.TempDir()
	pyfunc.Register(reg, cfg)
	t.Cleanup(func() { reg.Close() })
	return reg
}

func compilePython(t *testing.T, file string, reg *operator.Registry) *compiler.Graph {
	t.Helper()
	flow, diags := flowspec.Load(file, reg)
	if diags.HasErrors() || len(flow.Unchecked) > 0 {
		t.Fatal(diags)
	}
	g, diags := flowspec.Compile(flow, compiler.Config{Seed: 1, Registry: reg})
	if diags.HasErrors() {
		t.Fatal(diags)
	}
	return g
}

// fullView is runView with whole error messages, exception class included.
func fullView(t *testing.T, ex runtime.Executor, g *compiler.Graph) string {
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
		fails = append(fails, failure{e.Key, e.Message})
	}
	sort.Slice(fails, func(a, b int) bool { return fails[a].Key < fails[b].Key })
	out, err := json.Marshal(map[string]any{"ok": j.OK, "counts": j.Counts, "outputs": j.Outputs, "failures": fails})
	if err != nil {
		t.Fatal(err)
	}
	return string(out)
}

// TestPythonWorkerWithPackages runs the in-process worker on the venv's
// Python, which has the msgpack package (used instead of the embedded
// codec) and numpy (whose scalars become plain numbers).
func TestPythonWorkerWithPackages(t *testing.T) {
	bin := testcluster.RequireVenv(t, "current")
	dir, _ := filepath.Abs("../testdata/python")
	p := pyfunc.New(pyfunc.Config{Interpreter: filepath.Join(bin, "python"), Source: "test", Path: []string{dir}, CacheDir: t.TempDir(), Workers: 1})
	defer p.Close()
	call := func(name string, args ...any) any {
		t.Helper()
		op, err := p.Op(name)
		if err != nil {
			t.Fatal(err)
		}
		v, err := op.Go(context.Background(), args)
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		return v
	}
	if got := value.Repr(call("py:pytasks.numpy_values", int64(3))); got != `{"f": 0.5, "i": 3, "t": [1, "a"]}` {
		t.Errorf("numpy_values = %s", got)
	}
	pt := call("py:pytasks.make_point", int64(5))
	if o, ok := pt.(value.Opaque); !ok || o.Type != "pytasks.Point" {
		t.Fatalf("make_point = %#v", pt)
	}
	if got := call("py:pytasks.point_x", pt); got != int64(5) {
		t.Errorf("point_x = %v", got)
	}
	if got := value.Repr(call("py:pytasks.pair", 1.5)); got != `[1.5, [2.25, null], {"name": "1.5"}]` {
		t.Errorf("pair = %s", got)
	}
}
