package dask

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/flowspec/flowspec/compiler"
	"github.com/flowspec/flowspec/dask/client"
	"github.com/flowspec/flowspec/dask/internal/fixture"
	"github.com/flowspec/flowspec/dask/internal/testcluster"
	"github.com/flowspec/flowspec/dask/lower"
	"github.com/flowspec/flowspec/dask/wire"
	"github.com/flowspec/flowspec/runtime"
)

// runOn runs g on the cluster at addr and collects its events.
func runOn(t *testing.T, ctx context.Context, addr string, g *compiler.Graph) (*runtime.Result, []runtime.Event, error) {
	t.Helper()
	e := &Executor{Address: addr, Registry: fixture.Registry(t), Options: client.DialOptions{Timeout: 5 * time.Second}}
	var events []runtime.Event
	res, err := e.Run(ctx, g, func(ev runtime.Event) { events = append(events, ev) })
	return res, events, err
}

func counts(pairs ...any) (c [runtime.Cancelled + 1]int) {
	for i := 0; i < len(pairs); i += 2 {
		c[pairs[i].(runtime.State)] = pairs[i+1].(int)
	}
	return c
}

// TestExecutorOnDask runs graphs on a real scheduler with two workers (in
// separate processes, so operator functions must travel scheduler -> worker
// by value) of each supported distributed version.
func TestExecutorOnDask(t *testing.T) {
	for _, v := range venvs {
		t.Run(v.name, func(t *testing.T) {
			c := testcluster.Start(t, v.name, testcluster.Options{Workers: 2, Threads: 2})
			t.Cleanup(func() {
				if t.Failed() {
					t.Log(c.Logs())
				}
			})
			t.Run("seed", func(t *testing.T) { testSeed(t, c.Address) })
			t.Run("failure", func(t *testing.T) { testFailure(t, c.Address) })
			t.Run("arguments", func(t *testing.T) { testArguments(t, c.Address) })
			t.Run("timeout", func(t *testing.T) { testTimeout(t, c.Address) })
			t.Run("shell timeout", func(t *testing.T) { testShellTimeout(t, c.Address) })
			t.Run("retry", func(t *testing.T) { testRetry(t, c.Address) })
			t.Run("running", func(t *testing.T) { testRunning(t, c.Address) })
			t.Run("retry marked", func(t *testing.T) { testRetryMarked(t, c.Address) })
			t.Run("each errors", func(t *testing.T) { testEachErrors(t, c.Address) })
			t.Run("when", func(t *testing.T) { testWhen(t, c.Address) })
			t.Run("cancel", func(t *testing.T) { testCancel(t, c.Address) })
			t.Run("info", func(t *testing.T) { testInfo(t, c.Address, v.dialect) })
		})
	}
}

// testSeed: the seed flow with n = 100 totals 9900, with one Success event
// per task, preceded by at most one Running event (when the poll of the
// scheduler's processing state saw the task).
func testSeed(t *testing.T, addr string) {
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	g := fixture.Seed(100)
	res, events, err := runOn(t, ctx, addr, g)
	if err != nil {
		t.Fatal(err)
	}
	want := []runtime.NamedValue{{Name: "total", Value: int64(9900), OK: true}}
	if !reflect.DeepEqual(res.Outputs, want) || res.Counts != counts(runtime.Success, 301) || !res.OK() {
		t.Errorf("outputs %+v counts %v, want %+v and 301 successes", res.Outputs, res.Counts, want)
	}
	seen := make([]runtime.State, len(g.Tasks))
	successes := 0
	for _, ev := range events {
		switch {
		case ev.State == runtime.Running && seen[ev.Task] == runtime.Pending:
		case ev.State == runtime.Success && !seen[ev.Task].Final():
			successes++
		default:
			t.Fatalf("unexpected event %+v after %s", ev, seen[ev.Task])
		}
		seen[ev.Task] = ev.State
	}
	if successes != len(g.Tasks) {
		t.Errorf("%d Success events for %d tasks", successes, len(g.Tasks))
	}
}

// testFailure: div[2] divides by zero. It fails with Python's message and
// the task's position; total, downstream, is skipped (as runtime.Local
// skips it); the independent tasks succeed.
func testFailure(t *testing.T, addr string) {
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	res, _, err := runOn(t, ctx, addr, fixture.Fail())
	if err != nil {
		t.Fatal(err)
	}
	if want := counts(runtime.Success, 4, runtime.Failed, 1, runtime.Skipped, 1); res.Counts != want {
		t.Errorf("counts %v, want %v", res.Counts, want)
	}
	local, err := runtime.NewLocal(fixture.Registry(t), 2).Run(ctx, fixture.Fail(), nil)
	if err != nil || local.Counts != res.Counts {
		t.Errorf("local counts %v (%v), dask %v: they must agree", local.Counts, err, res.Counts)
	}
	if len(res.Errors) != 1 || res.Errors[0].Error() != "flow.yaml:14:3: task div[2] (div): ZeroDivisionError: division by zero" {
		t.Errorf("errors %v", res.Errors)
	}
	want := []runtime.NamedValue{{Name: "total", Missing: "task total was skipped: div[2] failed"}, {Name: "ok", Value: "fine", OK: true}}
	if !reflect.DeepEqual(res.Outputs, want) {
		t.Errorf("outputs %+v, want %+v", res.Outputs, want)
	}
	if !reflect.DeepEqual(local.Outputs, want) {
		t.Errorf("local outputs %+v, want %+v: they must agree", local.Outputs, want)
	}
}

// testArguments runs argsGraph (maps, lists, an each task, after:, a
// wrapped task, annotations) without the worker restrictions no test worker
// could meet.
func testArguments(t *testing.T, addr string) {
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	g := fixture.Args(lower.KeyPrefixes)
	for _, gr := range g.Groups {
		gr.Options.Resources, gr.Options.Workers = nil, nil
	}
	n := len(g.Tasks)
	for _, i := range []int{n - 2, n - 1} { // record, each
		g.Outputs = append(g.Outputs, compiler.Output{Name: g.Groups[g.Tasks[i].Group].Name, Value: compiler.Arg{Kind: compiler.Ref, Ref: int32(i)}})
	}
	res, _, err := runOn(t, ctx, addr, g)
	if err != nil {
		t.Fatal(err)
	}
	words := []any{"a", int64(-1), 2.5, nil, true, map[string]any{"k": "v"}, int64(1) << 40}
	want := []runtime.NamedValue{
		{Name: "record", OK: true, Value: map[string]any{
			"first": int64(0), "words": words, "all": []any{int64(0), int64(10), int64(20)},
			"lit": map[string]any{"nested": []any{int64(1), "x"}},
		}},
		{Name: "each", OK: true, Value: []any{int64(1), int64(12), int64(23)}},
	}
	if !reflect.DeepEqual(res.Outputs, want) || !res.OK() {
		t.Errorf("outputs %#v\nwant    %#v\ncounts %v", res.Outputs, want, res.Counts)
	}
}

// testTimeout: a task slower than its timeout fails with TimeoutError.
func testTimeout(t *testing.T, addr string) {
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	b := fixture.NewGraph("timeout")
	b.Group("slow", "inc", false, 1, compiler.Options{Timeout: 200 * time.Millisecond}, func(int) []compiler.Arg {
		return []compiler.Arg{fixture.Const(int64(1)), fixture.Const(5.0)}
	})
	res, events, err := runOn(t, ctx, addr, b.G)
	if err != nil {
		t.Fatal(err)
	}
	if len(res.Errors) != 1 || res.Errors[0].Message != "TimeoutError: timed out after 200ms" {
		t.Errorf("errors %v, counts %v", res.Errors, res.Counts)
	}
	// The wrapper says when the attempt started, so the progress times the
	// task from its start, not from its failure ("finished in 0s").
	if len(events) != 2 || events[0].State != runtime.Running || events[1].State != runtime.Failed {
		t.Errorf("events %s, want running 1, failed 1 (...)", attempts(events))
	}
}

// testEachErrors: an each task's failures read as runtime.Local's, with the
// Python exception's class in front.
func testEachErrors(t *testing.T, addr string) {
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	ints := func(vs ...int64) compiler.Arg {
		l := make([]any, len(vs))
		for i, v := range vs {
			l[i] = v
		}
		return compiler.Arg{Kind: compiler.Const, Value: l, Spread: true}
	}
	cases := []struct {
		op   string
		args []compiler.Arg
		want string
	}{
		{"div", []compiler.Arg{fixture.Const(int64(6)), ints(1, 2, 0)}, "ZeroDivisionError: element 2: division by zero"},
		{"add", []compiler.Arg{ints(1, 2, 3), ints(1, 2, 3, 4, 5), fixture.Const(0.0)}, `ValueError: mapped arguments have different lengths: "x" has 3 elements, "y" has 5`},
		{"inc", []compiler.Arg{{Kind: compiler.Const, Value: int64(4), Spread: true}, fixture.Const(0.0)}, `TypeError: argument "x": expected a list to map over, got int 4`},
	}
	for _, tc := range cases {
		b := fixture.NewGraph("each-errors")
		b.Group("e", tc.op, false, 1, compiler.Options{}, func(int) []compiler.Arg { return tc.args })
		b.G.Tasks[0].Each = true
		res, _, err := runOn(t, ctx, addr, b.G)
		if err != nil {
			t.Fatal(err)
		}
		if len(res.Errors) != 1 || res.Errors[0].Message != tc.want {
			t.Errorf("%s: errors %v, want %q", tc.op, res.Errors, tc.want)
		}
	}
}

// testWhen: a false `when:` (read from an upstream task) skips the task
// and its dependents, true runs it, and a non-boolean fails it: the same
// states and messages as runtime.Local (behind the Python class).
func testWhen(t *testing.T, addr string) {
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	b := fixture.NewGraph("when")
	one := func(int) []compiler.Arg { return []compiler.Arg{fixture.Const(int64(1)), fixture.Const(0.0)} }
	cond := b.Group("cond", "identity", false, 1, compiler.Options{}, func(int) []compiler.Arg { return []compiler.Arg{fixture.Const(false)} })
	condRef := b.Ref(cond, 0)
	gated := b.Group("gated", "inc", true, 2, compiler.Options{When: &condRef}, one)
	b.Group("after", "sum", false, 1, compiler.Options{}, func(int) []compiler.Arg { return []compiler.Arg{b.All(gated)} })
	b.Group("always", "inc", false, 1, compiler.Options{When: &compiler.Arg{Kind: compiler.Const, Value: true}}, one)
	b.Group("bad", "inc", false, 1, compiler.Options{When: &compiler.Arg{Kind: compiler.Const, Value: "yes"}}, one)
	for i := b.G.Groups[gated].First; i < b.G.Groups[gated].First+2; i++ {
		b.G.Tasks[i].Deps = append(b.G.Tasks[i].Deps, int32(b.G.Groups[cond].First)) // as the compiler adds when's refs
	}
	res, _, err := runOn(t, ctx, addr, b.G)
	if err != nil {
		t.Fatal(err)
	}
	if want := counts(runtime.Success, 2, runtime.Skipped, 3, runtime.Failed, 1); res.Counts != want {
		t.Errorf("counts %v, want %v", res.Counts, want)
	}
	local, err := runtime.NewLocal(fixture.Registry(t), 2).Run(ctx, b.G, nil)
	if err != nil || local.Counts != res.Counts {
		t.Errorf("local counts %v (%v), dask %v: they must agree", local.Counts, err, res.Counts)
	}
	if len(res.Errors) != 1 || len(local.Errors) != 1 || !sameError(local.Errors[0].Message, res.Errors[0].Message) {
		t.Errorf("errors: local %v, dask %v", local.Errors, res.Errors)
	}
}

// testRetry: the Python wrapper retries in place, with a delay or without
// (Dask's own retries would tell the client nothing of a failed attempt),
// so a task failing once succeeds, and its events read as runtime.Local's:
// running, attempt 1 failed and retrying (with the error), running
// attempt 2, success. Without retries the failure stands.
func testRetry(t *testing.T, addr string) {
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	for _, o := range []compiler.Options{{}, {Retries: 1, RetryDelay: 10 * time.Millisecond}, {Retries: 1}} {
		b := fixture.NewGraph("retry")
		b.Group("flaky", "flaky", false, 1, o, func(int) []compiler.Arg {
			return []compiler.Arg{fixture.Const(fmt.Sprint(o.Retries, time.Now().UnixNano()))}
		})
		res, events, err := runOn(t, ctx, addr, b.G)
		if err != nil {
			t.Fatal(err)
		}
		switch {
		case o.Retries == 1 && !res.OK():
			t.Errorf("%+v: %v %v", o, res.Counts, res.Errors)
		case o.Retries == 1:
			if got, want := attempts(events), "running 1, retrying 1 (flow.yaml:14:3: task flaky (flaky): ValueError: first attempt fails), running 2, success 1"; got != want {
				t.Errorf("%+v: events %s, want %s", o, got, want)
			}
		case len(res.Errors) != 1 || res.Errors[0].Message != "ValueError: first attempt fails":
			t.Errorf("retries 0: %v %v", res.Counts, res.Errors)
		}
	}
}

// testRetryMarked: a task an all_done trigger reads runs under its outcome
// key (dask/lower/outcome.go); its failed attempt is still reported, for
// the task as written.
func testRetryMarked(t *testing.T, addr string) {
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	b := fixture.NewGraph("retry-marked")
	flaky := b.Group("flaky", "flaky", false, 1, compiler.Options{Retries: 1}, func(int) []compiler.Arg {
		return []compiler.Arg{fixture.Const(fmt.Sprint("marked", time.Now().UnixNano()))}
	})
	b.Group("after", "identity", false, 1, compiler.Options{Trigger: compiler.TriggerAllDone}, func(int) []compiler.Arg {
		return []compiler.Arg{b.Ref(flaky, 0)}
	})
	res, events, err := runOn(t, ctx, addr, b.G)
	if err != nil || !res.OK() {
		t.Fatalf("run: %v %v %v", err, res.Counts, res.Errors)
	}
	var mine []runtime.Event
	for _, ev := range events {
		if ev.Task == int32(b.G.Groups[flaky].First) {
			mine = append(mine, ev)
		}
	}
	if got, want := attempts(mine), "running 1, retrying 1 (flow.yaml:14:3: task flaky (flaky): ValueError: first attempt fails), running 2, success 1"; got != want {
		t.Errorf("events %s, want %s", got, want)
	}
}

// attempts renders events as "state attempt (error)", comma-separated.
func attempts(events []runtime.Event) string {
	var parts []string
	for _, ev := range events {
		s := fmt.Sprintf("%s %d", ev.State, ev.Attempt)
		if ev.Err != nil {
			s += " (" + ev.Err.Error() + ")"
		}
		parts = append(parts, s)
	}
	return strings.Join(parts, ", ")
}

// testRunning: a task shows as running while it runs, from the scheduler's
// processing state polled by the executor. The task waits for a file that
// the sink creates on the task's Running event, so the test ends only if
// that event comes, and before the task's result.
func testRunning(t *testing.T, addr string) {
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	path := filepath.Join(t.TempDir(), "go")
	b := fixture.NewGraph("running")
	b.Group("wait", "wait_file", false, 1, compiler.Options{}, func(int) []compiler.Arg {
		return []compiler.Arg{fixture.Const(path)}
	})
	e := &Executor{Address: addr, Registry: fixture.Registry(t), Options: client.DialOptions{Timeout: 5 * time.Second}}
	var events []runtime.Event
	res, err := e.Run(ctx, b.G, func(ev runtime.Event) {
		events = append(events, ev)
		if ev.State == runtime.Running {
			if err := os.WriteFile(path, nil, 0o600); err != nil {
				t.Error(err)
			}
		}
	})
	if err != nil || !res.OK() {
		t.Fatalf("run: %v %v %v", err, res.Counts, res.Errors)
	}
	if got := attempts(events); got != "running 1, success 1" {
		t.Errorf("events %s, want running 1, success 1", got)
	}
}

// testCancel: cancelling the context mid-run returns promptly with the
// context's error, every unfinished task Cancelled, and the cluster free
// for the next run.
func testCancel(t *testing.T, addr string) {
	ctx, cancel := context.WithCancel(context.Background())
	g := fixture.Slow(8, 2)
	e := &Executor{Address: addr, Registry: fixture.Registry(t)}
	var res *runtime.Result
	var err error
	done := make(chan struct{})
	go func() {
		defer close(done)
		res, err = e.Run(ctx, g, nil)
	}()
	time.Sleep(500 * time.Millisecond)
	cancel()
	cancelled := time.Now()
	select {
	case <-done:
		t.Logf("Run returned %v after cancel", time.Since(cancelled))
	case <-time.After(10 * time.Second):
		t.Fatal("Run did not return within 10s of cancellation")
	}
	if !errors.Is(err, context.Canceled) {
		t.Fatalf("error %v, want context.Canceled", err)
	}
	if res.Counts[runtime.Cancelled] != len(g.Tasks) || res.OK() {
		t.Errorf("counts %v, want all %d cancelled", res.Counts, len(g.Tasks))
	}
	testSeed(t, addr) // the cluster still works
}

// testInfo checks the facts Info reads from the cluster.
func testInfo(t *testing.T, addr string, d wire.Dialect) {
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	info, err := client.Info(ctx, addr, client.DialOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if len(info.Workers) != 2 || info.Threads != 4 || info.Dialect != d.String() || info.WorkStealing != client.StealingOff {
		t.Errorf("info %+v", info)
	}
}

// TestExecutorSchedulerKilled: a scheduler killed mid-run ends the run with
// an error within the timeout, never a hang. (Its cluster steals work, which
// Info must report first.)
func TestExecutorSchedulerKilled(t *testing.T) {
	for _, v := range venvs {
		t.Run(v.name, func(t *testing.T) {
			c := testcluster.Start(t, v.name, testcluster.Options{Workers: 1, WorkStealing: true})
			ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
			defer cancel()
			if info, err := client.Info(ctx, c.Address, client.DialOptions{}); err != nil || info.WorkStealing != client.StealingOn {
				t.Errorf("info %+v, %v: want work stealing on", info, err)
			}
			g := fixture.Slow(4, 30)
			done := make(chan error, 1)
			go func() {
				_, _, err := runOn(t, ctx, c.Address, g)
				done <- err
			}()
			time.Sleep(time.Second)
			c.KillScheduler()
			select {
			case err := <-done:
				if !errors.Is(err, ErrSchedulerLost) {
					t.Fatalf("Run after the scheduler was killed: %v, want the scheduler lost", err)
				}
				t.Log(err)
			case <-time.After(15 * time.Second):
				t.Fatal("Run hung after the scheduler was killed")
			}
		})
	}
}

// TestExecutorSchedulerGoneBeforeSubmit: a scheduler that answered the
// client and then went away before the graph was submitted (a Gateway
// cluster stopped from outside, say) is a lost scheduler, which fails the
// run, not one that could not be reached; every task ends cancelled, so the
// summary does not read as a clean run of nothing.
func TestExecutorSchedulerGoneBeforeSubmit(t *testing.T) {
	c := testcluster.Start(t, "current", testcluster.Options{Workers: 1})
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	cl, err := client.Dial(ctx, c.Address, client.DialOptions{Timeout: 5 * time.Second})
	if err != nil {
		t.Fatal(err)
	}
	defer cl.Close()
	c.KillScheduler()
	g := fixture.Slow(2, 30)
	res, err := (&Executor{Client: cl, Registry: fixture.Registry(t)}).Run(ctx, g, nil)
	if !errors.Is(err, ErrSchedulerLost) || !strings.HasPrefix(err.Error(), "lost the Dask scheduler during the run: ") {
		t.Fatalf("Run on a scheduler gone since the dial: %v, want the scheduler lost", err)
	}
	if res == nil || res.Counts[runtime.Cancelled] != len(g.Tasks) || res.OK() {
		t.Fatalf("result %+v, want all %d tasks cancelled", res, len(g.Tasks))
	}
	var b strings.Builder
	_ = runtime.WriteSummary(&b, res)
	if !strings.HasPrefix(b.String(), "failed: ") {
		t.Errorf("summary %q, want it to say the run failed", b.String())
	}
}

// BenchmarkRunOnDask runs the seed flow's shape with about 10^4 tasks on a
// local cluster (current venv, two workers of two threads): the figure to
// compare with Python Dask's distributed client doing the same work.
func BenchmarkRunOnDask(b *testing.B) {
	c := testcluster.Start(b, "current", testcluster.Options{Workers: 2, Threads: 2})
	g := fixture.Seed(3333)
	e := &Executor{Address: c.Address, Registry: fixture.Registry(b)}
	for b.Loop() {
		res, err := e.Run(context.Background(), g, nil)
		if err != nil || !res.OK() {
			b.Fatal(err, res.Counts)
		}
	}
	b.ReportMetric(float64(b.Elapsed().Microseconds())/float64(b.N)/float64(len(g.Tasks)), "µs/task")
}

// venvs names the venvs with their distributed versions' dialects.
var venvs = []struct {
	name    string
	dialect wire.Dialect
}{{"current", wire.DialectExpr}, {"legacy", wire.DialectHLG}, {"oldest", wire.DialectHLGStringKeys}}
