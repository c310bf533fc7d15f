package runtime

import (
	"context"
	"testing"
	"time"
)

// TestSuccessesReplaceSuccessEvents: with Batches and Successes, each task
// that ran and succeeded reaches Successes once, by its group and index,
// and Batches gets no Success event of it but every failure and skip; a
// Sink, when there is one, still gets every task's final event.
func TestSuccessesReplaceSuccessEvents(t *testing.T) {
	for _, withSink := range []bool{false, true} {
		reg, _ := newTestRegistry(t)
		g := batchesGraph()
		var batched, sunk []Event
		calls := 0
		seen := map[Done]int{}
		ctx := WithBatches(context.Background(), collect(&batched, &calls))
		ctx = WithSuccesses(ctx, func(done []Done, end time.Time) {
			for _, d := range done {
				seen[d]++
			}
		})
		var sink Sink
		if withSink {
			sink = func(ev Event) { sunk = append(sunk, ev) }
		}
		res, err := NewLocal(reg, 2).Run(ctx, g, sink)
		if err != nil {
			t.Fatal(err)
		}
		var counts [Cancelled + 1]int
		for _, ev := range batched {
			if ev.State.Final() {
				counts[ev.State]++
			}
		}
		for d, n := range seen {
			if n != 1 {
				t.Errorf("sink %v: group %d element %d reached Successes %d times", withSink, d.Group, d.Index, n)
			}
		}
		counts[Success] += len(seen)
		if counts != res.Counts || counts[Failed] != 2 || counts[Skipped] != 2 || len(seen) == 0 {
			t.Fatalf("sink %v: Batches and Successes count %v (%d through Successes), the Result %v; want 2 failed, 2 skipped", withSink, counts, len(seen), res.Counts)
		}
		for _, ev := range batched {
			tk := g.Tasks[ev.Task]
			if ev.State == Success && seen[Done{tk.Group, tk.Index}] > 0 {
				t.Errorf("sink %v: task %d came both as an event and through Successes", withSink, ev.Task)
			}
		}
		final := 0
		for _, ev := range sunk {
			if ev.State.Final() {
				final++
			}
		}
		if withSink && final != len(g.Tasks) {
			t.Errorf("the sink got %d final events, want one per task (%d)", final, len(g.Tasks))
		}
	}
}
