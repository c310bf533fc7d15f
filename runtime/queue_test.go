package runtime

import (
	"math/rand/v2"
	"slices"
	"testing"
)

// TestReadyQueueOrder pushes keys in mixed order, interleaved with pops,
// and checks every pop returns the smallest key queued, as one heap would.
func TestReadyQueueOrder(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	var q readyQueue
	var model []uint64
	next := int32(0)
	for step := range 20000 {
		if len(model) == 0 || rng.IntN(3) > 0 {
			i := next
			next++
			if rng.IntN(4) == 0 { // out of graph order
				i = rng.Int32N(next)
			}
			rank := priorityRank(0)
			if rng.IntN(10) == 0 {
				rank = priorityRank(rng.IntN(5) - 2)
			}
			q.push(rank, i)
			model = append(model, rank|uint64(uint32(i)))
			continue
		}
		slices.Sort(model)
		want := int32(uint32(model[0]))
		model = model[1:]
		if got := q.pop(); got != want {
			t.Fatalf("step %d: pop %d, want %d", step, got, want)
		}
		if q.Len() != len(model) {
			t.Fatalf("step %d: Len %d, want %d", step, q.Len(), len(model))
		}
	}
}
