package runtime

import (
	"context"
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
// event the Sink gets, in the same order.
func TestBatchesGetTheSinksEvents(t *testing.T) {
	reg, _ := newTestRegistry(t)
	var sunk, batched []Event
	calls := 0
	ctx := WithBatches(context.Background(), collect(&batched, &calls))
	res, err := NewLocal(reg, 2).Run(ctx, batchesGraph(), func(ev Event) { sunk = append(sunk, ev) })
	if err != nil {
		t.Fatal(err)
	}
	if res.Counts[Failed] != 2 || res.Counts[Skipped] != 2 {
		t.Fatalf("counts %v, want 2 failed and 2 skipped", res.Counts)
	}
	if !slices.EqualFunc(sunk, batched, func(a, b Event) bool { return a == b }) {
		t.Fatalf("batches got %d events, the sink %d; they differ", len(batched), len(sunk))
	}
	if calls == 0 || calls > len(batched) {
		t.Errorf("%d calls for %d events", calls, len(batched))
	}
}

// TestBatchesWithoutSink: Batches alone gets one final event per task,
// after its Running event when it ran, and the Result's counts.
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
		st := rec.final(t, int32(i))
		counts[st]++
		if states := rec.states(int32(i)); st == Success && states[0] != Running {
			t.Errorf("task %d: events %v, want Running first", i, states)
		}
	}
	if counts != res.Counts {
		t.Errorf("final events count %v, the Result %v", counts, res.Counts)
	}
}

// TestBatchesFromPlainContext: a context without Batches has none.
func TestBatchesFromPlainContext(t *testing.T) {
	if BatchesFrom(context.Background()) != nil {
		t.Error("BatchesFrom found Batches in a plain context")
	}
}
