package runtime

import (
	"context"
	"maps"
	"slices"
	"testing"

	"github.com/flowspec/flowspec/compiler"
)

// batchesGraph has successes, failures (div by zero at element 0), tasks
// skipped because what they read failed, and an output.
func batchesGraph() *compiler.Graph {
	b := seedFlow(300)
	div := b.mapped("div", "div", 40, func(i int) []compiler.Arg { return []compiler.Arg{c(int64(6)), c(int64(i % 20))} })
	b.mapped("after", "inc", 40, func(i int) []compiler.Arg { return []compiler.Arg{ref(div[i])} })
	return b.graph()
}

// collect returns a Batches that appends copies of the events it gets, and
// counts its calls.
func collect(into *[]Event, calls *int) Batches {
	return func(evs []Event) {
		*calls++
		*into = append(*into, evs...)
	}
}

// TestBatchesGetTheSinksEvents: with a Sink and Batches, Batches gets every
// event the Sink gets but Running in the same order, and a Running event of
// each group that ran.
func TestBatchesGetTheSinksEvents(t *testing.T) {
	reg, _ := newTestRegistry(t)
	g := batchesGraph()
	var sunk, batched []Event
	calls := 0
	ctx := WithBatches(context.Background(), collect(&batched, &calls))
	res, err := NewLocal(reg, 2).Run(ctx, g, func(ev Event) { sunk = append(sunk, ev) })
	if err != nil {
		t.Fatal(err)
	}
	if res.Counts[Failed] != 2 || res.Counts[Skipped] != 2 {
		t.Fatalf("counts %v, want 2 failed and 2 skipped", res.Counts)
	}
	notRunning := func(ev Event) bool { return ev.State != Running }
	if !slices.Equal(filter(sunk, notRunning), filter(batched, notRunning)) {
		t.Fatalf("batches got %d events, the sink %d; they differ", len(batched), len(sunk))
	}
	if a, b := runningGroups(g, sunk), runningGroups(g, batched); !maps.Equal(a, b) {
		t.Errorf("groups reported running: sink %v, batches %v", a, b)
	}
	if calls == 0 || calls > len(batched) {
		t.Errorf("%d calls for %d events", calls, len(batched))
	}
}

// filter returns the events keep accepts.
func filter(evs []Event, keep func(Event) bool) []Event {
	var out []Event
	for _, ev := range evs {
		if keep(ev) {
			out = append(out, ev)
		}
	}
	return out
}

// runningGroups is the set of groups with a Running event.
func runningGroups(g *compiler.Graph, evs []Event) map[int32]bool {
	out := map[int32]bool{}
	for _, ev := range evs {
		if ev.State == Running {
			out[g.Tasks[ev.Task].Group] = true
		}
	}
	return out
}

// TestBatchesWithoutSink: Batches alone gets one final event per task, the
// Result's counts, and a Running event of each group before its first
// Success.
func TestBatchesWithoutSink(t *testing.T) {
	reg, _ := newTestRegistry(t)
	g := batchesGraph()
	var batched []Event
	calls := 0
	res, err := NewLocal(reg, 2).Run(WithBatches(context.Background(), collect(&batched, &calls)), g, nil)
	if err != nil {
		t.Fatal(err)
	}
	rec := &recorder{events: batched}
	var counts [Cancelled + 1]int
	for i := range g.Tasks {
		counts[rec.final(t, int32(i))]++
	}
	if counts != res.Counts {
		t.Errorf("final events count %v, the Result %v", counts, res.Counts)
	}
	started := map[int32]bool{}
	for _, ev := range batched {
		gi := g.Tasks[ev.Task].Group
		started[gi] = started[gi] || ev.State == Running
		if ev.State == Success && !started[gi] {
			t.Fatalf("group %s: a Success before any Running event", g.Groups[gi].Name)
		}
	}
}

// TestBatchesFromPlainContext: a context without Batches has none.
func TestBatchesFromPlainContext(t *testing.T) {
	if BatchesFrom(context.Background()) != nil {
		t.Error("BatchesFrom found Batches in a plain context")
	}
}
