package dask_test

import (
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/flowspec/flowspec"
	"github.com/flowspec/flowspec/builtins"
	"github.com/flowspec/flowspec/compiler/optimize"
	"github.com/flowspec/flowspec/dask"
	"github.com/flowspec/flowspec/dask/internal/testcluster"
	"github.com/flowspec/flowspec/internal/clitest"
	"github.com/flowspec/flowspec/operator"
	"github.com/flowspec/flowspec/plugin/host"
	"github.com/flowspec/flowspec/runtime"
)

// buildGeo builds the example Go plugin into a new directory and returns it.
func buildGeo(t *testing.T) string {
	t.Helper()
	dir := t.TempDir()
	if out, err := exec.Command("go", "build", "-o", filepath.Join(dir, "flowspec-plugin-geo"), "../examples/plugins/geo").CombinedOutput(); err != nil {
		t.Fatalf("%v\n%s", err, out)
	}
	return dir
}

// pluginRegistry is the built-ins and the plugins file names (under
// plugins:, or flowspec-plugin-NAME on PATH), as the CLI builds it.
func pluginRegistry(t *testing.T, file string) *operator.Registry {
	t.Helper()
	reg, err := builtins.All()
	if err != nil {
		t.Fatal(err)
	}
	flow, _ := flowspec.Load(file, nil)
	found, missing := host.Discover(flow)
	if len(missing) > 0 {
		t.Fatalf("no plugin for %v", missing)
	}
	for _, pl := range found {
		host.Register(reg, pl, host.Config{CacheDir: t.TempDir(), Workers: 2})
	}
	t.Cleanup(func() { reg.Close() })
	return reg
}

// TestPluginFlowsMatchLocal runs the plugin examples in-process and on a
// real cluster, whose workers run the same executables through the shim:
// outputs and failures (class and message) must be identical, optimized
// or not.
func TestPluginFlowsMatchLocal(t *testing.T) {
	bin := testcluster.RequireVenv(t, "current") // python3 with msgpack, for the Python plugin
	t.Setenv("PATH", buildGeo(t)+string(os.PathListSeparator)+bin+string(os.PathListSeparator)+os.Getenv("PATH"))
	files := []string{"../examples/plugins/geo.yaml", "../examples/plugins/text.yaml", "../testdata/plugins/geo-errors.yaml"}
	for _, venv := range []string{"current", "oldest"} {
		t.Run(venv, func(t *testing.T) {
			c := testcluster.Start(t, venv, testcluster.Options{Workers: 2, Threads: 2})
			for _, file := range files {
				t.Run(filepath.Base(file), func(t *testing.T) {
					reg := pluginRegistry(t, file)
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
				})
			}
		})
	}
}

// TestPluginMissingOnWorker: an executable the workers do not have fails
// the task with an error naming the worker and the path.
func TestPluginMissingOnWorker(t *testing.T) {
	geo := filepath.Join(buildGeo(t), "flowspec-plugin-geo")
	gone := filepath.Join(t.TempDir(), "flowspec-geo-gone")
	if err := os.Rename(geo, gone); err != nil {
		t.Fatal(err)
	}
	reg, err := builtins.All()
	if err != nil {
		t.Fatal(err)
	}
	host.Register(reg, host.Plugin{Name: "geo", Path: gone, Where: "flow.yaml:3:3"}, host.Config{CacheDir: t.TempDir()})
	defer reg.Close()
	file := filepath.Join(t.TempDir(), "flow.yaml")
	if err := os.WriteFile(file, []byte("version: 1\ntasks:\n  a:\n    op: geo.area\n    with: {w: 2, h: 3}\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	g := compilePython(t, file, reg) // resolves geo.area while the executable is there
	if err := os.Remove(gone); err != nil {
		t.Fatal(err)
	}
	c := testcluster.Start(t, "current", testcluster.Options{Workers: 1})
	res, err := flowspec.Run(context.Background(), g, &dask.Executor{Address: c.Address, Registry: reg}, nil)
	if err != nil {
		t.Fatal(err)
	}
	errs := res.JSON().Errors
	if len(errs) != 1 || !strings.Contains(errs[0].Message, "FileNotFoundError: plugin geo: no executable "+gone+" on Dask worker tcp://127.0.0.1:") ||
		!strings.Contains(errs[0].Message, "install the plugin on every worker") {
		t.Errorf("errors: %+v", errs)
	}
}

// TestPluginFaultsOnDask: through the shim, a plugin that crashes fails
// the call with its stderr's tail and is replaced for the next call (the
// retry of flaky, which crashes once),
// garbage on stdout names the plugin, and a hang ends with the task's
// timeout.
func TestPluginFaultsOnDask(t *testing.T) {
	dir := t.TempDir()
	faulty := filepath.Join(dir, "flowspec-plugin-f")
	if out, err := exec.Command("go", "build", "-o", faulty, "../plugin/host/testdata/faulty").CombinedOutput(); err != nil {
		t.Fatalf("%v\n%s", err, out)
	}
	file := filepath.Join(dir, "flow.yaml")
	flow := "version: 1\nplugins: {f: ./flowspec-plugin-f}\ntasks:\n" +
		"  crash: {op: f.crash, with: {x: 1}}\n" +
		"  garbage: {op: f.garbage, with: {x: 1}}\n" +
		"  hang: {op: f.hang, with: {x: 1}, timeout: 1s}\n" +
		"  flaky: {op: f.flaky, with: {x: 7}, retries: 1}\n" +
		"  stray: {op: f.stray, with: {x: 1}}\n" +
		"  echo: {op: f.echo, map: {x: '${{ range(8) }}'}}\n" +
		"outputs: {flaky: '${{ tasks.flaky }}', echo: '${{ tasks.echo }}'}\n"
	if err := os.WriteFile(file, []byte(flow), 0o644); err != nil {
		t.Fatal(err)
	}
	t.Setenv("MARKER", filepath.Join(dir, "marker")) // the workers inherit it
	reg := pluginRegistry(t, file)
	g := compilePython(t, file, reg)
	c := testcluster.Start(t, "current", testcluster.Options{Workers: 1, Threads: 1})
	view := fullView(t, &dask.Executor{Address: c.Address, Registry: reg}, g)
	for _, want := range []string{
		`"Key":"crash","Message":"RuntimeError: plugin f (` + faulty + `) on Dask worker tcp://127.0.0.1:`,
		`running f.crash exited (exit status 3) during the call; its last output:\nabout to crash"`,
		`running f.garbage wrote output that is not the protocol`,
		`its stdout carries the protocol, so it must log to stderr`,
		`"Key":"hang","Message":"TimeoutError: timed out after 1s"`,
		`which is not an answer to it (docs/PLUGINS.md); the process was restarted`,
		`"flaky":70`,
		`"echo":[0,1,2,3,4,5,6,7]`,
	} {
		if !strings.Contains(view, want) {
			t.Errorf("the run should say %s:\n%s", want, view)
		}
	}
}

// TestCLIPluginsOnDask runs the plugin examples through the real binary on
// a real cluster: the Go one found on PATH, the Python one named under
// plugins:, with the outputs of the in-process run.
func TestCLIPluginsOnDask(t *testing.T) {
	bin := testcluster.RequireVenv(t, "current")
	path := "PATH=" + buildGeo(t) + string(os.PathListSeparator) + bin + string(os.PathListSeparator) + os.Getenv("PATH")
	t.Setenv("PATH", path[len("PATH="):]) // the workers' too
	cl := testcluster.Start(t, "current", testcluster.Options{Workers: 1, Threads: 2})
	flowspecBin := clitest.Build(t)
	dir, _ := filepath.Abs("../examples/plugins")
	clitest.Check(t, flowspecBin, dir, []clitest.Case{
		{Name: "geo", Args: []string{"run", "--no-progress", "--address", cl.Address, "geo.yaml"}, Env: []string{path},
			Stdout: "total = 30.0\nsquare = [[0.0, 0.0], [2.0, 0.0], [2.0, 3.0], [0.0, 2.0]]"},
		{Name: "text", Args: []string{"run", "--no-progress", "--address", cl.Address, "text.yaml"}, Env: []string{path},
			Stdout: `loud = ["THE!!", "QUICK!!", "BROWN!!", "FOX!!"]`},
	})
}
