package pyfunc

import (
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

// runLoader execs op's Dask loader with python3 outside any cluster, as
// a worker would (dask/lower's load: exec into a namespace, call the
// function by the operator's name), and returns what the call printed.
func runLoader(t *testing.T, op, src string, args string) string {
	t.Helper()
	script := `import sys
ns = {"__name__": "flowspec_op"}
exec(compile(sys.stdin.read(), "flowspec/op.py", "exec"), ns)
try:
    print(repr(ns[sys.argv[1]](*eval(sys.argv[2]))))
except Exception as e:
    print(type(e).__name__ + ": " + str(e))
`
	cmd := exec.Command("python3", "-c", script, op, args)
	cmd.Stdin = strings.NewReader(src)
	cmd.Dir = t.TempDir() // nothing beside it: the module must travel
	out, err := cmd.CombinedOutput()
	if err != nil {
		t.Fatalf("%v: %s", err, out)
	}
	return strings.TrimSpace(string(out))
}

func TestLoaderCarriesModule(t *testing.T) {
	p, _ := testProvider(t)
	op, err := p.Op("py:faults.add")
	if err != nil {
		t.Fatal(err)
	}
	if got := runLoader(t, op.Name, op.Python, "(1, 2, 3)"); got != "9" {
		t.Errorf("add(1, 2, scale=3) = %s", got)
	}
	op, _ = p.Op("py:faults.boom")
	_, err = call(t, p, "py:faults.boom", int64(3))
	if got := runLoader(t, op.Name, op.Python, "(3,)"); err == nil || got != err.Error() {
		t.Errorf("the loader's error\n%s\ndiffers from in-process\n%v", got, err)
	}
}

func TestLoaderMissingModule(t *testing.T) {
	dir := t.TempDir()
	// A module the flow's interpreter finds on PYTHONPATH (installed, as
	// far as the flow is concerned) but a worker does not have.
	if err := os.WriteFile(filepath.Join(dir, "elsewhere.py"), []byte("def f(x):\n    return x\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	t.Setenv("PYTHONPATH", dir)
	p := New(Config{Interpreter: "python3", Source: "test", Path: []string{t.TempDir()}, CacheDir: "-"})
	op, err := p.Op("py:elsewhere.f")
	if err != nil {
		t.Fatal(err)
	}
	t.Setenv("PYTHONPATH", "")
	want := "ModuleNotFoundError: no module elsewhere on this Dask worker: install it on the workers, or put elsewhere.py beside the flow (or on its python: path) so it travels with the graph"
	if got := runLoader(t, op.Name, op.Python, "(1,)"); got != want {
		t.Errorf("got  %s\nwant %s", got, want)
	}
}
