package dask_test

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/flowspec/flowspec"
	"github.com/flowspec/flowspec/builtins"
	"github.com/flowspec/flowspec/compiler"
	"github.com/flowspec/flowspec/compiler/optimize"
	"github.com/flowspec/flowspec/dask"
	"github.com/flowspec/flowspec/dask/client"
	"github.com/flowspec/flowspec/dask/internal/testcluster"
	"github.com/flowspec/flowspec/operator"
	"github.com/flowspec/flowspec/runtime"
	"github.com/flowspec/flowspec/value"
)

// die is a test operator whose Python twin ends its worker process for one
// value of x, as the kernel's OOM killer or a nanny's memory limit would.
var die = &operator.Op{
	Name:   "die",
	Doc:    "x, except that the worker process exits when x is 537.",
	Params: []operator.Param{{Name: "x", Type: value.Int, Required: true}},
	Result: value.Int,
	Pure:   true,
	Go:     func(_ context.Context, a []any) (any, error) { return a[0], nil },
	Python: "import os\n\ndef die(x):\n    if x == 537:\n        os._exit(1)\n    return x\n",
}

// dieFlow maps die over 1000 elements (batched when optimized) and sums them.
const dieFlow = `version: 1
name: oom
tasks:
  grown:
    op: die
    map:
      x: ${{ range(1000) }}
  total:
    op: sum
    with:
      values: ${{ tasks.grown }}
outputs:
  total: ${{ tasks.total }}
`

// TestKilledWorkerExplained: a task whose worker process dies, with no
// failures allowed, fails as KilledWorker with a message that says the
// worker died, names the batch's elements as written and gives the fix.
func TestKilledWorkerExplained(t *testing.T) {
	reg := withOps(t, die)
	og := compileWith(t, reg, dieFlow, optimize.LevelDefault)
	c := testcluster.Start(t, "current", testcluster.Options{Workers: 2, Threads: 1,
		Env: []string{"DASK_DISTRIBUTED__SCHEDULER__ALLOWED_FAILURES=0"}})
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	res, err := (&dask.Executor{Address: c.Address, Registry: reg}).Run(ctx, og, nil)
	if err != nil {
		t.Fatalf("Run: %v\n%s", err, c.Logs())
	}
	// The batch holding 537 fails, and any other the worker held with it.
	if res.OK() || len(res.Errors) == 0 {
		t.Fatalf("counts %v, want a failure", res.Counts)
	}
	var msg string
	for _, e := range res.Errors {
		if strings.Contains(e.Error(), "grown[500] to") {
			msg = e.Error()
		}
	}
	for _, want := range []string{
		"KilledWorker: the Dask worker process running grown[",
		"grown[500] to grown[",
		"(one batch) (die) died",
		"fewer elements per batch: `batch:` below ",
		" on task grown)",
		"more memory (dask worker --memory-limit)",
		"oom.yaml:4:3: task grown[",
	} {
		if !strings.Contains(msg, want) {
			t.Errorf("message %q\nlacks %q; errors: %v", msg, want, res.Errors)
		}
	}
}

// withOps is the built-in registry plus ops.
func withOps(t *testing.T, ops ...*operator.Op) *operator.Registry {
	t.Helper()
	reg, err := builtins.All()
	if err != nil {
		t.Fatal(err)
	}
	for _, op := range ops {
		if err := reg.Register(op); err != nil {
			t.Fatal(err)
		}
	}
	return reg
}

// compileWith loads, compiles and optimizes the flow src with reg.
func compileWith(t *testing.T, reg *operator.Registry, src string, level optimize.Level) *compiler.Graph {
	t.Helper()
	file := filepath.Join(t.TempDir(), "oom.yaml")
	if err := os.WriteFile(file, []byte(src), 0o644); err != nil {
		t.Fatal(err)
	}
	flow, diags := flowspec.Load(file, reg)
	if diags.HasErrors() {
		t.Fatal(diags)
	}
	g, diags := flowspec.Compile(flow, compiler.Config{Registry: reg, Seed: 1})
	if diags.HasErrors() {
		t.Fatal(diags)
	}
	og, _, err := flowspec.Optimize(g, reg, optimize.Options{Level: level, Threads: 2})
	if err != nil {
		t.Fatal(err)
	}
	return og
}

// dieOnce ends its worker process the first time it sees x = 537 on the
// machine (marker records that it did), then returns x like identity.
var dieOnce = &operator.Op{
	Name:   "die_once",
	Doc:    "x, except that the first call with x = 537 exits its worker process.",
	Params: []operator.Param{{Name: "x", Type: value.Int, Required: true}, {Name: "marker", Type: value.String, Required: true}},
	Result: value.Int,
	Go:     func(_ context.Context, a []any) (any, error) { return a[0], nil },
	Python: "import os\n\ndef die_once(x, marker):\n    if x == 537 and not os.path.exists(marker):\n        open(marker, 'w').close()\n        os._exit(1)\n    return x\n",
}

// TestLostWorkerIsNoticed: a worker that dies mid-run, holding results,
// is recovered from by Dask (the run succeeds) and the run's log says so
// in one line (and in one more naming the worker, if the worker watch saw
// it leave before the run ended).
func TestLostWorkerIsNoticed(t *testing.T) {
	reg := withOps(t, dieOnce)
	marker := filepath.Join(t.TempDir(), "died")
	src := strings.Replace(strings.Replace(dieFlow, "op: die", "op: die_once", 1), "x: ${{ range(1000) }}", "x: ${{ range(1000) }}\n    with:\n      marker: "+marker, 1)
	g := compileWith(t, reg, src, optimize.LevelNone)
	c := testcluster.Start(t, "current", testcluster.Options{Workers: 2, Threads: 1})
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	var notices []string
	e := &dask.Executor{Address: c.Address, Registry: reg, Notice: func(m string) { notices = append(notices, m) }}
	res, err := e.Run(ctx, g, nil)
	if err != nil || !res.OK() || res.Outputs[0].Value != int64(499500) {
		t.Fatalf("Run: %v, counts %v, outputs %+v; want the run to recover and total 499500\n%s", err, res.Counts, res.Outputs, c.Logs())
	}
	if _, err := os.Stat(marker); err != nil {
		t.Fatalf("no worker died: %v", err)
	}
	// One line for the lost results; the worker watch may also have seen
	// the worker leave before the run ended (TestLeftWorkerIsNoticed).
	lost, left := 0, 0
	for _, n := range notices {
		switch {
		case strings.Contains(n, "a Dask worker was lost during the run, with results such as grown["):
			lost++
		case strings.Contains(n, ") left the cluster during the run"):
			left++
		default:
			t.Errorf("unexpected notice %q", n)
		}
	}
	if lost != 1 || left > 1 {
		t.Errorf("notices %q, want one line saying a worker was lost (and at most one that it left)", notices)
	}
}

// TestCancelledRunReleasesKeys: a run cancelled while tasks run, and one
// cancelled as its results are gathered, leave no key of theirs on the
// scheduler.
func TestCancelledRunReleasesKeys(t *testing.T) {
	for _, venv := range []string{"current", "legacy"} {
		t.Run(venv, func(t *testing.T) {
			c := testcluster.Start(t, venv, testcluster.Options{Workers: 2, Threads: 2})
			reg := builtins.Default()
			g := compileForTest(t, "../testdata/run/features.yaml", false)
			for _, when := range []string{"running", "gathering"} {
				t.Run(when, func(t *testing.T) {
					ctx, cancel := context.WithCancel(context.Background())
					defer cancel()
					seen := 0
					sink := func(ev runtime.Event) {
						if seen++; when == "running" && seen == 2 || when == "gathering" && seen == len(g.Tasks) {
							cancel()
						}
					}
					_, err := (&dask.Executor{Address: c.Address, Registry: reg}).Run(ctx, g, sink)
					if !errors.Is(err, context.Canceled) && seen < len(g.Tasks) {
						t.Fatalf("Run: %v after %d events, want context.Canceled", err, seen)
					}
					checkNoKeys(t, c.Address)
				})
			}
		})
	}
}

// checkNoKeys fails if the scheduler at addr still knows any key. The
// scheduler forgets released keys as it handles the release, which the
// run's client waits for when it closes, so nothing should be left.
func checkNoKeys(t *testing.T, addr string) {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	cl, err := client.Dial(ctx, addr, client.DialOptions{})
	if err != nil {
		t.Fatal(err)
	}
	defer cl.Close()
	keys, err := cl.HeldKeys(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if len(keys) > 0 {
		t.Errorf("the scheduler still holds %d keys of the cancelled run, e.g. %s", len(keys), keys[0])
	}
}
