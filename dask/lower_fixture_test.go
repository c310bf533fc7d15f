package dask

import (
	"context"
	"errors"
	"os/exec"
	"path/filepath"
	"testing"

	"github.com/flowspec/flowspec/compiler"
	"github.com/flowspec/flowspec/dask/internal/testcluster"
	"github.com/flowspec/flowspec/operator"
	"github.com/flowspec/flowspec/spec"
	"github.com/flowspec/flowspec/value"
)

// Operators with Python twins, defined here so the lowering is tested
// against known sources whatever the built-in registry holds.
var (
	testInc = &operator.Op{
		Name:   "inc",
		Params: []operator.Param{{Name: "x", Type: value.Number}, {Name: "delay", Type: value.Number}},
		Go:     func(_ context.Context, a []any) (any, error) { return a[0].(int64) + 1, nil },
		Python: "import time\n\ndef inc(x, delay=0):\n    if delay:\n        time.sleep(delay)\n    return x + 1\n",
	}
	testDec = &operator.Op{
		Name:   "dec",
		Params: []operator.Param{{Name: "x", Type: value.Number}, {Name: "delay", Type: value.Number}},
		Go:     func(_ context.Context, a []any) (any, error) { return a[0].(int64) - 1, nil },
		Python: "import time\n\ndef dec(x, delay=0):\n    if delay:\n        time.sleep(delay)\n    return x - 1\n",
	}
	testAdd = &operator.Op{
		Name:   "add",
		Params: []operator.Param{{Name: "x", Type: value.Number}, {Name: "y", Type: value.Number}, {Name: "delay", Type: value.Number}},
		Go:     func(_ context.Context, a []any) (any, error) { return a[0].(int64) + a[1].(int64), nil },
		Python: "import time\n\ndef add(x, y, delay=0):\n    if delay:\n        time.sleep(delay)\n    return x + y\n",
	}
	testSum = &operator.Op{
		Name:   "sum",
		Params: []operator.Param{{Name: "values", Type: value.List}},
		Go: func(_ context.Context, a []any) (any, error) {
			var s int64
			for _, v := range a[0].([]any) {
				s += v.(int64)
			}
			return s, nil
		},
		Python: "import builtins\n\ndef sum(values):\n    return builtins.sum(values)\n",
	}
	testDiv = &operator.Op{
		Name:   "div",
		Params: []operator.Param{{Name: "x", Type: value.Number}, {Name: "y", Type: value.Number}},
		Go: func(_ context.Context, a []any) (any, error) {
			if a[1].(int64) == 0 {
				return nil, errors.New("division by zero")
			}
			return float64(a[0].(int64)) / float64(a[1].(int64)), nil
		},
		Python: "def div(x, y):\n    return x / y\n",
	}
	testIdentity = &operator.Op{
		Name:   "identity",
		Params: []operator.Param{{Name: "value", Type: value.Any}},
		Go:     func(_ context.Context, a []any) (any, error) { return a[0], nil },
		Python: "def identity(value):\n    return value\n",
	}
)

// testFlaky fails its first call for each x in a worker process, then
// returns x: a task that succeeds only when retried.
var testFlaky = &operator.Op{
	Name:   "flaky",
	Params: []operator.Param{{Name: "x", Type: value.Any}},
	Go:     func(_ context.Context, a []any) (any, error) { return a[0], nil },
	Python: "_seen = set()\n\ndef flaky(x):\n    if x not in _seen:\n        _seen.add(x)\n        raise ValueError('first attempt fails')\n    return x\n",
}

func testRegistry(t testing.TB) *operator.Registry {
	t.Helper()
	reg, err := operator.New(testInc, testDec, testAdd, testSum, testDiv, testIdentity, testFlaky)
	if err != nil {
		t.Fatal(err)
	}
	return reg
}

// graphBuilder assembles compiler.Graphs by hand, as the compiler would.
type graphBuilder struct {
	g    *compiler.Graph
	line int
}

func newGraph(flow string) *graphBuilder {
	return &graphBuilder{g: &compiler.Graph{Flow: flow}, line: 8}
}

// group adds a group of n tasks (mapped when n >= 0 is given as mapped) and
// returns its index; args(i) gives element i's arguments.
func (b *graphBuilder) group(name, op string, mapped bool, n int, opts compiler.Options, args func(i int) []compiler.Arg) int32 {
	b.line += 6
	gi := int32(len(b.g.Groups))
	b.g.Groups = append(b.g.Groups, &compiler.Group{
		Name: name, Op: op, Mapped: mapped, Size: n, First: len(b.g.Tasks), Options: opts,
		Range: spec.Range{File: "flow.yaml", Start: spec.Pos{Line: b.line, Column: 3}, End: spec.Pos{Line: b.line, Column: 3 + len(name)}},
	})
	for i := 0; i < n; i++ {
		idx := int32(i)
		if !mapped {
			idx = -1
		}
		a := args(i)
		var deps []int32
		for _, x := range a {
			deps = collectDeps(x, deps)
		}
		b.g.Tasks = append(b.g.Tasks, compiler.Task{Group: gi, Index: idx, Args: a, Deps: deps})
	}
	return gi
}

func collectDeps(a compiler.Arg, deps []int32) []int32 {
	if a.Kind == compiler.Ref {
		return append(deps, a.Ref)
	}
	for _, x := range a.Items {
		deps = collectDeps(x, deps)
	}
	return deps
}

func (b *graphBuilder) output(name string, a compiler.Arg) {
	b.g.Outputs = append(b.g.Outputs, compiler.Output{Name: name, Value: a})
}

// ref is an argument reading element i of group gi.
func (b *graphBuilder) ref(gi int32, i int) compiler.Arg {
	return compiler.Arg{Kind: compiler.Ref, Ref: int32(b.g.Groups[gi].First + i)}
}

// all is a List of every element of group gi: a reduction's input.
func (b *graphBuilder) all(gi int32) compiler.Arg {
	gr := b.g.Groups[gi]
	items := make([]compiler.Arg, gr.Size)
	for i := range items {
		items[i] = b.ref(gi, i)
	}
	return compiler.Arg{Kind: compiler.List, Items: items}
}

func cnst(v any) compiler.Arg { return compiler.Arg{Kind: compiler.Const, Value: v} }

// seedGraph is examples/dask-example.yaml compiled with n tasks per map and
// no delays: inc[i], dec[i], add[i] = inc[i] + dec[i], total = sum(add).
// Its total is n*(n-1): 9900 for n = 100.
func seedGraph(n int) *compiler.Graph {
	b := newGraph("dask-example")
	inc := b.group("inc", "inc", true, n, compiler.Options{}, func(i int) []compiler.Arg {
		return []compiler.Arg{cnst(int64(i)), cnst(0.0)}
	})
	dec := b.group("dec", "dec", true, n, compiler.Options{}, func(i int) []compiler.Arg {
		return []compiler.Arg{cnst(int64(i)), cnst(0.0)}
	})
	add := b.group("add", "add", true, n, compiler.Options{}, func(i int) []compiler.Arg {
		return []compiler.Arg{b.ref(inc, i), b.ref(dec, i), cnst(0.0)}
	})
	total := b.group("total", "sum", false, 1, compiler.Options{}, func(int) []compiler.Arg {
		return []compiler.Arg{b.all(add)}
	})
	b.output("total", b.ref(total, 0))
	return b.g
}

// venvPython returns the python of venv name ("current" or "legacy"), built
// by scripts/venv.sh (make venv); see testcluster.RequireVenv.
func venvPython(t testing.TB, name string) string {
	t.Helper()
	return filepath.Join(testcluster.RequireVenv(t, name), "python")
}

// venvs names the venvs with their distributed versions' dialects.
var venvs = []struct {
	name    string
	dialect Dialect
}{{"current", DialectExpr}, {"legacy", DialectHLG}}

// runPython runs a script from testdata with args and returns its stdout.
func runPython(t testing.TB, py string, script string, args ...string) []byte {
	t.Helper()
	cmd := exec.Command(py, append([]string{filepath.Join("testdata", script)}, args...)...)
	var stderr []byte
	out, err := cmd.Output()
	if ee, ok := err.(*exec.ExitError); ok {
		stderr = ee.Stderr
	}
	if err != nil {
		t.Fatalf("%s %s: %v\n%s", py, script, err, stderr)
	}
	return out
}

// failGraph divides 1 by 2-i for i in 0..3, so element 2 raises
// ZeroDivisionError; total sums the quotients and must be skipped, while
// the independent "ok" task succeeds.
func failGraph() *compiler.Graph {
	b := newGraph("fails")
	div := b.group("div", "div", true, 4, compiler.Options{}, func(i int) []compiler.Arg {
		return []compiler.Arg{cnst(int64(1)), cnst(int64(2 - i))}
	})
	total := b.group("total", "sum", false, 1, compiler.Options{}, func(int) []compiler.Arg {
		return []compiler.Arg{b.all(div)}
	})
	ok := b.group("ok", "identity", false, 1, compiler.Options{}, func(int) []compiler.Arg {
		return []compiler.Arg{cnst("fine")}
	})
	b.output("total", b.ref(total, 0))
	b.output("ok", b.ref(ok, 0))
	return b.g
}

// slowGraph maps inc with a delay of d seconds over n elements and sums
// them: a run that is still busy when a test cancels it or kills the
// scheduler.
func slowGraph(n int, d float64) *compiler.Graph {
	b := newGraph("slow")
	inc := b.group("inc", "inc", true, n, compiler.Options{}, func(i int) []compiler.Arg {
		return []compiler.Arg{cnst(int64(i)), cnst(d)}
	})
	total := b.group("total", "sum", false, 1, compiler.Options{}, func(int) []compiler.Arg {
		return []compiler.Arg{b.all(inc)}
	})
	b.output("total", b.ref(total, 0))
	return b.g
}
