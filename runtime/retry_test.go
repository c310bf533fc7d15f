package runtime

import (
	"context"
	"testing"
	"time"

	"github.com/flowspec/flowspec/compiler"
	"github.com/flowspec/flowspec/operator"
)

// mustRun runs g with reg, recording events, and fails on a Run error.
func mustRun(t *testing.T, reg *operator.Registry, g *compiler.Graph) *Result {
	t.Helper()
	res, err := NewLocal(reg, 2).Run(quickTimeout(t), g, nil)
	if err != nil {
		t.Fatalf("Run: %v", err)
	}
	return res
}

func TestRetriesUntilSuccess(t *testing.T) {
	reg, ops := newTestRegistry(t)
	b := newGraph()
	f := b.task("f", "flaky", c("f"), c(int64(3)))
	after := b.task("after", "inc", ref(f))
	b.opts(f, func(o *compiler.Options) {
		o.Retries, o.RetryDelay, o.Backoff = 3, time.Millisecond, 2
	})
	b.output("after", ref(after))
	rec := &recorder{}
	res, err := NewLocal(reg, 2).Run(quickTimeout(t), b.graph(), rec.sink)
	if err != nil || !res.OK() || res.Outputs[0].Value != int64(4) {
		t.Fatalf("res %+v err %v", res, err)
	}
	if ops.attempts("f") != 3 {
		t.Errorf("flaky ran %d times, want 3", ops.attempts("f"))
	}
	want := []State{Running, Retrying, Running, Retrying, Running, Success}
	if got := rec.states(f); !slicesEqual(got, want) {
		t.Errorf("events %v, want %v", got, want)
	}
	var attempts []int
	for _, ev := range rec.events {
		if ev.Task == f {
			attempts = append(attempts, ev.Attempt)
			if ev.State == Retrying && (ev.Err == nil || ev.Err.Message == "") {
				t.Errorf("retrying event without the attempt's error: %+v", ev)
			}
		}
	}
	if !slicesEqual(attempts, []int{1, 1, 2, 2, 3, 3}) {
		t.Errorf("attempt numbers %v", attempts)
	}
	if len(res.Errors) != 0 || res.Counts[Failed] != 0 {
		t.Errorf("a task that recovered is counted as failed: %v", res.Errors)
	}
}

func TestRetriesExhausted(t *testing.T) {
	reg, ops := newTestRegistry(t)
	b := newGraph()
	f := b.task("f", "flaky", c("f"), c(int64(5)))
	b.opts(f, func(o *compiler.Options) { o.Retries, o.RetryDelay = 1, time.Millisecond })
	res := mustRun(t, reg, b.graph())
	if ops.attempts("f") != 2 || res.Counts[Failed] != 1 {
		t.Fatalf("attempts %d, counts %v", ops.attempts("f"), res.Counts)
	}
	if got := res.Errors[0].Message; got != "attempt 2 of f failed" {
		t.Errorf("error %q, want the last attempt's", got)
	}
}

func TestRetriesSkipArgumentErrors(t *testing.T) {
	reg, _ := newTestRegistry(t)
	b := newGraph()
	x := b.task("x", "inc", c("text"))
	b.opts(x, func(o *compiler.Options) { o.Retries = 5 })
	rec := &recorder{}
	res, _ := NewLocal(reg, 1).Run(context.Background(), b.graph(), rec.sink)
	if got := rec.states(x); res.Counts[Failed] != 1 || !slicesEqual(got, []State{Running, Failed}) {
		t.Errorf("a wrong argument type was retried: %v", got)
	}
}

func TestRetryDelay(t *testing.T) {
	o := &compiler.Options{RetryDelay: 10 * time.Millisecond, Backoff: 2}
	for attempt, want := range map[int]time.Duration{1: 10 * time.Millisecond, 2: 20 * time.Millisecond, 4: 80 * time.Millisecond} {
		if got := retryDelay(o, attempt); got != want {
			t.Errorf("after attempt %d: %v, want %v", attempt, got, want)
		}
	}
	o.Backoff = 0 // unset reads as 1
	if got := retryDelay(o, 3); got != 10*time.Millisecond {
		t.Errorf("backoff 0: %v", got)
	}
	o.Backoff = 1e9
	if got := retryDelay(o, 40); got <= 0 {
		t.Errorf("huge backoff overflowed to %v", got)
	}
}

func TestTimeout(t *testing.T) {
	reg, _ := newTestRegistry(t)
	b := newGraph()
	slow := b.task("slow", "block", c(nil))
	b.opts(slow, func(o *compiler.Options) { o.Timeout = 20 * time.Millisecond; o.Retries = 1 })
	next := b.task("next", "id", ref(slow))
	quick := b.task("quick", "inc", c(int64(1)))
	b.opts(quick, func(o *compiler.Options) { o.Timeout = time.Hour })
	rec := &recorder{}
	res, err := NewLocal(reg, 2).Run(quickTimeout(t), b.graph(), rec.sink)
	if err != nil {
		t.Fatal(err)
	}
	if res.Counts[Failed] != 1 || res.Errors[0].Message != "timed out after 20ms" {
		t.Fatalf("counts %v errors %q", res.Counts, errorMessages(res))
	}
	want := []State{Running, Retrying, Running, Failed}
	if got := rec.states(slow); !slicesEqual(got, want) {
		t.Errorf("timed-out task's events %v, want %v (one retry)", got, want)
	}
	if rec.final(t, next) != Skipped {
		t.Error("the dependent of a timed-out task was not skipped")
	}
	if rec.final(t, quick) != Success {
		t.Error("a task that finished within its timeout did not succeed")
	}
}
