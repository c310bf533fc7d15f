package runtime

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/flowspec/flowspec/compiler"
)

// recorder is a Sink that keeps every event. The executor calls sinks from
// one goroutine at a time, so it needs no lock; the race detector checks
// that promise.
type recorder struct {
	events []Event
}

func (r *recorder) sink(ev Event) { r.events = append(r.events, ev) }

// states returns the sequence of states task i went through.
func (r *recorder) states(i int32) []State {
	var out []State
	for _, ev := range r.events {
		if ev.Task == i {
			out = append(out, ev.State)
		}
	}
	return out
}

// final returns task i's final state, failing if it has not exactly one.
func (r *recorder) final(t *testing.T, i int32) State {
	t.Helper()
	var finals []State
	for _, s := range r.states(i) {
		if s.Final() {
			finals = append(finals, s)
		}
	}
	if len(finals) != 1 {
		t.Fatalf("task %d: final events %v, want exactly one", i, finals)
	}
	return finals[0]
}

// runGraph runs g on a fresh test registry and fails the test on a Run error.
func runGraph(t *testing.T, g *compiler.Graph, workers int) (*Result, *recorder) {
	t.Helper()
	reg, _ := newTestRegistry(t)
	rec := &recorder{}
	res, err := NewLocal(reg, workers).Run(context.Background(), g, rec.sink)
	if err != nil {
		t.Fatalf("Run: %v", err)
	}
	return res, rec
}

// seedFlow builds the dask-example shape: inc and dec over 0..n-1, add the
// pairs, sum them.
func seedFlow(n int) *graphBuilder {
	b := newGraph()
	inc := b.mapped("inc", "inc", n, func(i int) []compiler.Arg { return []compiler.Arg{c(int64(i))} })
	dec := b.mapped("dec", "dec", n, func(i int) []compiler.Arg { return []compiler.Arg{c(int64(i))} })
	add := b.mapped("add", "add", n, func(i int) []compiler.Arg { return []compiler.Arg{ref(inc[i]), ref(dec[i])} })
	total := b.task("total", "sum", refs(add))
	b.output("total", ref(total))
	return b
}

func TestLocalSeedFlow(t *testing.T) {
	for _, workers := range []int{1, 2, 8} {
		res, _ := runGraph(t, seedFlow(100).graph(), workers)
		if !res.OK() || res.Counts[Success] != 301 {
			t.Fatalf("workers=%d: counts %v errors %v", workers, res.Counts, res.Errors)
		}
		if got := res.Outputs[0]; got.Name != "total" || got.Value != int64(9900) || !got.OK {
			t.Errorf("workers=%d: output %+v, want total = 9900", workers, got)
		}
		if res.Executor != "local" {
			t.Errorf("executor %q", res.Executor)
		}
	}
}

func TestLocalDependencyOrder(t *testing.T) {
	b := newGraph()
	prev := b.task("t0", "inc", c(int64(0)))
	for k := 1; k < 50; k++ {
		prev = b.task("t"+string(rune('0'+k%10)), "inc", ref(prev))
	}
	b.output("last", ref(prev))
	res, rec := runGraph(t, b.graph(), 4)
	if res.Outputs[0].Value != int64(50) {
		t.Fatalf("chain of 50 incs gave %v", res.Outputs[0].Value)
	}
	checkCausalOrder(t, b.graph(), rec)
}

// checkCausalOrder asserts each task's events start with Running (or are a
// single Skipped/Failed decided before running), end with one final event,
// and that every upstream task's final event precedes a task's first event.
func checkCausalOrder(t *testing.T, g *compiler.Graph, rec *recorder) {
	t.Helper()
	first := map[int32]int{}
	final := map[int32]int{}
	for k, ev := range rec.events {
		if _, ok := first[ev.Task]; !ok {
			first[ev.Task] = k
		}
		if ev.State.Final() {
			if _, dup := final[ev.Task]; dup {
				t.Fatalf("task %d has two final events", ev.Task)
			}
			final[ev.Task] = k
		}
	}
	for i := range g.Tasks {
		f, ok := final[int32(i)]
		if !ok {
			t.Fatalf("task %s has no final event", g.Key(i))
		}
		if f < first[int32(i)] {
			t.Fatalf("task %s finished before it started", g.Key(i))
		}
		for _, d := range g.Tasks[i].Deps {
			if final[d] > first[int32(i)] {
				t.Fatalf("task %s started before its upstream %s finished", g.Key(i), g.Key(int(d)))
			}
		}
	}
}

func TestLocalEventsRunningThenSuccess(t *testing.T) {
	g := seedFlow(30).graph()
	_, rec := runGraph(t, g, 3)
	for i := range g.Tasks {
		got := rec.states(int32(i))
		if len(got) != 2 || got[0] != Running || got[1] != Success {
			t.Fatalf("task %s: events %v, want [running success]", g.Key(i), got)
		}
	}
	for _, ev := range rec.events {
		if ev.Attempt != 1 || ev.Time.IsZero() {
			t.Fatalf("event %+v: want attempt 1 and a time", ev)
		}
	}
	checkCausalOrder(t, g, rec)
}

func TestLocalListAndMapArgs(t *testing.T) {
	b := newGraph()
	xs := b.mapped("x", "inc", 3, func(i int) []compiler.Arg { return []compiler.Arg{c(int64(i))} })
	m := b.task("m", "id", dict("a", ref(xs[0]), "rest", list(ref(xs[1]), ref(xs[2]), c("k"))))
	b.output("m", ref(m))
	res, _ := runGraph(t, b.graph(), 2)
	got := FormatValue(res.Outputs[0].Value)
	if want := `{a: 1, rest: [2, 3, "k"]}`; got != want {
		t.Errorf("map arg: got %s, want %s", got, want)
	}
}

func TestLocalPriority(t *testing.T) {
	b := newGraph()
	low := b.mapped("low", "inc", 3, func(i int) []compiler.Arg { return []compiler.Arg{c(int64(i))} })
	high := b.mapped("high", "inc", 3, func(i int) []compiler.Arg { return []compiler.Arg{c(int64(i))} })
	mid := b.task("mid", "inc", c(int64(0)))
	b.opts(high[0], func(o *compiler.Options) { o.Priority = 10 })
	b.opts(mid, func(o *compiler.Options) { o.Priority = 5 })
	_, rec := runGraph(t, b.graph(), 1)
	var order []int32
	for _, ev := range rec.events {
		if ev.State == Running {
			order = append(order, ev.Task)
		}
	}
	want := []int32{high[0], high[1], high[2], mid, low[0], low[1], low[2]}
	if !slicesEqual(order, want) {
		t.Errorf("run order %v, want %v (priority first, then graph order)", order, want)
	}
}

func slicesEqual[T comparable](a, b []T) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}

func TestLocalOutputs(t *testing.T) {
	b := newGraph()
	ok := b.task("ok", "inc", c(int64(1)))
	bad := b.task("bad", "fail", c("nope"))
	b.output("ok", ref(ok))
	b.output("bad", ref(bad))
	b.output("const", c("hello"))
	b.output("both", list(ref(ok), ref(bad)))
	res, _ := runGraph(t, b.graph(), 2)
	want := []NamedValue{
		{Name: "ok", Value: int64(2), OK: true},
		{Name: "bad"},
		{Name: "const", Value: "hello", OK: true},
		{Name: "both"},
	}
	for k, w := range want {
		if g := res.Outputs[k]; g.Name != w.Name || g.Value != w.Value || g.OK != w.OK {
			t.Errorf("output %d: got %+v, want %+v", k, g, w)
		}
	}
	if res.OK() {
		t.Error("a run with a failed task reports OK")
	}
}

func TestLocalErrorsNamePositions(t *testing.T) {
	b := newGraph()
	b.task("pad", "inc", c(int64(0)))
	d := b.mapped("div", "div", 3, func(i int) []compiler.Arg { return []compiler.Arg{c(int64(6)), c(int64(i))} })
	res, rec := runGraph(t, b.graph(), 2)
	if res.Counts[Failed] != 1 || res.Counts[Success] != 3 || len(res.Errors) != 1 {
		t.Fatalf("counts %v errors %v", res.Counts, res.Errors)
	}
	e := res.Errors[0]
	want := "flow.yaml:2:3: task div[0] (div): division by zero"
	if e.Error() != want || e.Pos != "flow.yaml:2:3" || e.Key.String() != "div[0]" {
		t.Errorf("error %q (pos %q), want %q", e.Error(), e.Pos, want)
	}
	if rec.final(t, d[0]) != Failed {
		t.Error("div[0] did not fail")
	}
	for _, ev := range rec.events {
		if ev.State == Failed && ev.Err != e {
			t.Errorf("failed event carries %v, want the Result's error", ev.Err)
		}
	}
}

func TestLocalErrorsCapped(t *testing.T) {
	b := newGraph()
	b.mapped("bad", "fail", 25, func(i int) []compiler.Arg { return []compiler.Arg{c("x")} })
	res, _ := runGraph(t, b.graph(), 2)
	if res.Counts[Failed] != 25 || len(res.Errors) != maxErrors {
		t.Errorf("failed %d, errors kept %d; want 25 and %d", res.Counts[Failed], len(res.Errors), maxErrors)
	}
}

func TestLocalArgumentTypeAndPanic(t *testing.T) {
	b := newGraph()
	b.task("typed", "inc", c("three"))
	b.task("panics", "panic", c(nil))
	res, _ := runGraph(t, b.graph(), 1)
	msgs := errorMessages(res)
	for _, want := range []string{`x must be an int, got string "three"`, "panic: boom"} {
		if !strings.Contains(msgs, want) {
			t.Errorf("errors %q do not mention %q", msgs, want)
		}
	}
}

func errorMessages(res *Result) string {
	var parts []string
	for _, e := range res.Errors {
		parts = append(parts, e.Message)
	}
	return strings.Join(parts, "\n")
}

func TestLocalNilSink(t *testing.T) {
	reg, _ := newTestRegistry(t)
	res, err := NewLocal(reg, 2).Run(context.Background(), seedFlow(50).graph(), nil)
	if err != nil || res.Outputs[0].Value != int64(2*(49*50/2)) {
		t.Fatalf("res %+v err %v", res, err)
	}
}

func TestLocalEmptyGraph(t *testing.T) {
	reg, _ := newTestRegistry(t)
	res, err := NewLocal(reg, 0).Run(context.Background(), &compiler.Graph{}, nil)
	if err != nil || !res.OK() {
		t.Fatalf("empty graph: %+v %v", res, err)
	}
}

func TestLocalRejectsBadGraphs(t *testing.T) {
	cases := map[string]struct {
		build func(b *graphBuilder)
		want  string
	}{
		"unknown op": {func(b *graphBuilder) { b.task("x", "nope") },
			`flow.yaml:1:3: task x: operator "nope" is not registered`},
		"arity": {func(b *graphBuilder) { b.task("x", "add", c(int64(1))) },
			"flow.yaml:1:3: task x (add): has 1 arguments but the operator takes 2"},
		"ref without dep": {func(b *graphBuilder) {
			a := b.task("a", "inc", c(int64(1)))
			x := b.task("x", "inc", ref(a))
			b.g.Tasks[x].Deps = nil
		}, `flow.yaml:2:3: task x (inc): argument "x": reads task 0 without depending on it`},
		"dep after task": {func(b *graphBuilder) {
			x := b.task("x", "inc", c(int64(1)))
			b.g.Tasks[x].Deps = []int32{x}
		}, "does not come before it"},
		"each without spread": {func(b *graphBuilder) { b.each("x", "inc", c(int64(1))) },
			"none is marked to spread"},
		"bad trigger": {func(b *graphBuilder) {
			x := b.task("x", "inc", c(int64(1)))
			b.opts(x, func(o *compiler.Options) { o.Trigger = "sometimes" })
		}, `unknown trigger "sometimes"`},
	}
	reg, _ := newTestRegistry(t)
	for name, tc := range cases {
		b := newGraph()
		tc.build(b)
		res, err := NewLocal(reg, 1).Run(context.Background(), b.graph(), nil)
		if err == nil || res != nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%s: got %v, %v; want an error containing %q", name, res, err, tc.want)
		}
	}
}

func TestLocalReleasesConsumedResults(t *testing.T) {
	b := seedFlow(20)
	keep := int32(3) // inc[3], read by an output as well as by add[3]
	b.output("inc3", ref(keep))
	g := b.graph()
	var results []any
	testHookRun = func(r *run) { results = r.results }
	defer func() { testHookRun = nil }()
	res, _ := runGraph(t, g, 2)
	if res.Outputs[1].Value != int64(4) {
		t.Fatalf("pinned output inc3 = %v", res.Outputs[1].Value)
	}
	total := int32(len(g.Tasks) - 1)
	for i, v := range results {
		switch int32(i) {
		case total, keep:
			if v == nil {
				t.Errorf("result of %s (an output) was released", g.Key(i))
			}
		default:
			if v != nil {
				t.Errorf("result of %s = %v still held after every reader finished", g.Key(i), v)
			}
		}
	}
}

func TestLocalWorkersDefault(t *testing.T) {
	reg, _ := newTestRegistry(t)
	if NewLocal(reg, 0).Workers() < 1 || NewLocal(reg, 3).Workers() != 3 {
		t.Error("workers: 0 should mean one per CPU, 3 should mean 3")
	}
	if NewLocal(nil, 1).reg == nil {
		t.Error("a nil registry should mean the built-in operators")
	}
}

// quickTimeout keeps tests from hanging forever on a scheduler bug.
func quickTimeout(t *testing.T) context.Context {
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	t.Cleanup(cancel)
	return ctx
}
