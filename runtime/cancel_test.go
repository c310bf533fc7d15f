package runtime

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/flowspec/flowspec/compiler"
	"github.com/flowspec/flowspec/operator"
	"github.com/flowspec/flowspec/value"
)

// cancelAfter returns a context and a sink that records events and cancels
// the context once it has seen n events matching match.
func cancelAfter(t *testing.T, n int, match func(Event) bool) (context.Context, *recorder, Sink) {
	ctx, cancel := context.WithCancel(quickTimeout(t))
	t.Cleanup(cancel)
	rec := &recorder{}
	seen := 0
	return ctx, rec, func(ev Event) {
		rec.sink(ev)
		if match(ev) {
			if seen++; seen == n {
				cancel()
			}
		}
	}
}

func anyEvent(Event) bool { return true }

func TestCancelStopsBlockedTasks(t *testing.T) {
	reg, _ := newTestRegistry(t)
	b := newGraph()
	blocked := b.mapped("wait", "block", 20, func(i int) []compiler.Arg { return []compiler.Arg{c(nil)} })
	after := b.task("after", "id", refs(blocked))
	ctx, rec, sink := cancelAfter(t, 2, func(ev Event) bool { return ev.State == Running })
	res, err := NewLocal(reg, 2).Run(ctx, b.graph(), sink)
	if !errors.Is(err, context.Canceled) {
		t.Fatalf("Run returned %v, want context.Canceled", err)
	}
	if res.Counts[Cancelled] != 21 || res.OK() {
		t.Errorf("counts %v, want all 21 cancelled", res.Counts)
	}
	for _, i := range append(blocked, after) {
		if rec.final(t, i) != Cancelled {
			t.Errorf("%s did not end cancelled", b.g.Key(int(i)))
		}
	}
	if len(res.Errors) != 0 {
		t.Errorf("cancellation reported as failures: %q", errorMessages(res))
	}
}

func TestCancelMidRun(t *testing.T) {
	reg, _ := newTestRegistry(t)
	b := newGraph()
	naps := b.mapped("nap", "nap", 1000, func(i int) []compiler.Arg { return []compiler.Arg{c(int64(i))} })
	incs := b.mapped("inc", "inc", 1000, func(i int) []compiler.Arg { return []compiler.Arg{ref(naps[i])} })
	b.output("total", ref(b.task("total", "sum", refs(incs))))
	g := b.graph()
	ctx, rec, sink := cancelAfter(t, 100, anyEvent)
	res, err := NewLocal(reg, 2).Run(ctx, g, sink)
	if !errors.Is(err, context.Canceled) {
		t.Fatalf("Run returned %v, want context.Canceled", err)
	}
	total := 0
	for _, n := range res.Counts {
		total += n
	}
	if total != len(g.Tasks) || res.Counts[Cancelled] == 0 || res.Outputs[0].OK {
		t.Errorf("counts %v over %d tasks; want every task counted, some cancelled, no total", res.Counts, len(g.Tasks))
	}
	for i := range g.Tasks {
		rec.final(t, int32(i))
	}
	checkCausalOrder(t, g, rec)
}

func TestCancelDuringRetryWait(t *testing.T) {
	reg, _ := newTestRegistry(t)
	b := newGraph()
	f := b.task("f", "flaky", c("f"), c(int64(9)))
	b.opts(f, func(o *compiler.Options) { o.Retries, o.RetryDelay = 5, time.Hour })
	ctx, rec, sink := cancelAfter(t, 1, func(ev Event) bool { return ev.State == Retrying })
	timers := -1
	testHookRun = func(r *run) { timers = len(r.timers) }
	defer func() { testHookRun = nil }()
	res, err := NewLocal(reg, 2).Run(ctx, b.graph(), sink)
	if timers != 0 {
		t.Errorf("%d retry timers left running after Run", timers)
	}
	if !errors.Is(err, context.Canceled) || res.Counts[Cancelled] != 1 {
		t.Fatalf("err %v counts %v", err, res.Counts)
	}
	if got := rec.states(f); !slicesEqual(got, []State{Running, Retrying, Cancelled}) {
		t.Errorf("events %v", got)
	}
}

func TestCancelBeforeStart(t *testing.T) {
	reg, _ := newTestRegistry(t)
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	g := seedFlow(10).graph()
	res, err := NewLocal(reg, 2).Run(ctx, g, nil)
	if !errors.Is(err, context.Canceled) || res.Counts[Success] != 0 || res.Counts[Cancelled] != len(g.Tasks) {
		t.Fatalf("err %v counts %v", err, res.Counts)
	}
}

// TestCancelAbandonsCallsThatIgnoreCtx runs an operator that never looks at
// its context: cancelling must still end the run, as cancelled, once the
// grace is over (without the grace, Run would wait for the call forever).
func TestCancelAbandonsCallsThatIgnoreCtx(t *testing.T) {
	release := make(chan struct{})
	returned := make(chan struct{})
	deaf := op("deaf", func(context.Context, []any) (any, error) {
		defer close(returned)
		<-release
		return int64(1), nil
	}, param("x", value.Any))
	reg, err := operator.New(deaf, op("id", func(_ context.Context, a []any) (any, error) { return a[0], nil }, param("x", value.Any)))
	if err != nil {
		t.Fatal(err)
	}
	b := newGraph()
	stuck := b.task("stuck", "deaf", c(nil))
	b.output("out", ref(b.task("after", "id", ref(stuck))))
	ctx, rec, sink := cancelAfter(t, 1, func(ev Event) bool { return ev.State == Running })
	l := NewLocal(reg, 2)
	l.grace = 0
	res, err := l.Run(ctx, b.graph(), sink)
	if !errors.Is(err, context.Canceled) {
		t.Fatalf("Run returned %v, want context.Canceled", err)
	}
	if res.Counts[Cancelled] != 2 || res.OK() || res.Outputs[0].OK {
		t.Errorf("counts %v, output ok %v; want both tasks cancelled and no output", res.Counts, res.Outputs[0].OK)
	}
	if rec.final(t, stuck) != Cancelled {
		t.Errorf("the abandoned task did not end cancelled")
	}
	close(release) // let the abandoned call return; its outcome is dropped
	<-returned
}
