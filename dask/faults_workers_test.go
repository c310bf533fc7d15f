package dask_test

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/flowspec/flowspec/compiler/optimize"
	"github.com/flowspec/flowspec/dask"
	"github.com/flowspec/flowspec/dask/internal/testcluster"
	"github.com/flowspec/flowspec/operator"
	"github.com/flowspec/flowspec/runtime"
	"github.com/flowspec/flowspec/value"
)

// hold is a test operator whose first call writes its worker's pid and
// name to the file started and sleeps until its worker is killed; a call
// after that waits for the file release (bounded), then returns x.
var hold = &operator.Op{
	Name: "hold",
	Doc:  "x, once the first call's worker was killed and release exists.",
	Params: []operator.Param{
		{Name: "x", Type: value.Int, Required: true},
		{Name: "started", Type: value.String, Required: true},
		{Name: "release", Type: value.String, Required: true},
	},
	Result: value.Int,
	Go:     func(_ context.Context, a []any) (any, error) { return a[0], nil },
	Python: `import os
import time

def hold(x, started, release):
    if not os.path.exists(started):
        from distributed import get_worker
        with open(started + '.tmp', 'w') as f:
            f.write('%d %s' % (os.getpid(), get_worker().name))
        os.replace(started + '.tmp', started)
        time.sleep(600)
    deadline = time.time() + 120
    while not os.path.exists(release) and time.time() < deadline:
        time.sleep(0.05)
    return x
`,
}

// TestLeftWorkerIsNoticed: a worker killed while it runs a task, holding
// no result of the run, makes no stream event; the run's log still says
// which worker left, and the run succeeds on the other worker. The task's
// second run waits for the notice, so the run cannot end before the watch
// has polled.
func TestLeftWorkerIsNoticed(t *testing.T) {
	dir := t.TempDir()
	started, release := filepath.Join(dir, "started"), filepath.Join(dir, "release")
	reg := withOps(t, hold)
	g := compileWith(t, reg, fmt.Sprintf(`version: 1
name: left
tasks:
  slow:
    op: hold
    with:
      x: 7
      started: %q
      release: %q
outputs:
  x: ${{ tasks.slow }}
`, started, release), optimize.LevelNone)
	c := testcluster.Start(t, "current", testcluster.Options{Workers: 2, Threads: 1})
	ctx, cancel := context.WithTimeout(context.Background(), 3*time.Minute)
	defer cancel()
	notices := make(chan string, 16)
	done := make(chan struct{})
	var res *runtime.Result
	var err error
	go func() {
		defer close(done)
		e := &dask.Executor{Address: c.Address, Registry: reg, Notice: func(m string) { notices <- m }}
		res, err = e.Run(ctx, g, nil)
	}()
	pid, name := waitStarted(t, ctx, started, done)
	if err := c.KillProcess(pid); err != nil {
		t.Fatal(err)
	}
	var got []string
	select {
	case m := <-notices:
		got = append(got, m)
	case <-done:
	case <-ctx.Done():
	}
	if err := os.WriteFile(release, nil, 0o644); err != nil {
		t.Fatal(err)
	}
	<-done
	close(notices)
	for m := range notices {
		got = append(got, m)
	}
	if err != nil || !res.OK() || res.Outputs[0].Value != int64(7) {
		t.Fatalf("Run: %v, counts %v, outputs %+v; want the run to succeed on the other worker\n%s", err, res.Counts, res.Outputs, c.Logs())
	}
	want := "(" + name + ") left the cluster during the run; Dask re-runs its tasks on the remaining workers"
	if len(got) != 1 || !strings.HasPrefix(got[0], "Dask worker tcp://127.0.0.1:") || !strings.Contains(got[0], want) {
		t.Errorf("notices %q, want one line with %q", got, want)
	}
}

// waitStarted waits until the hold task has written its worker's pid and
// name to started, or the run or ctx ends.
func waitStarted(t *testing.T, ctx context.Context, started string, done <-chan struct{}) (pid int, name string) {
	t.Helper()
	for {
		if data, err := os.ReadFile(started); err == nil {
			if _, err := fmt.Sscanf(string(data), "%d %s", &pid, &name); err != nil {
				t.Fatalf("%s holds %q: %v", started, data, err)
			}
			return pid, name
		}
		select {
		case <-done:
			t.Fatal("the run ended before its task started")
		case <-ctx.Done():
			t.Fatal("the task did not start in time")
		case <-time.After(50 * time.Millisecond):
		}
	}
}
