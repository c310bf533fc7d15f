package runtime

import (
	"bytes"
	"strings"
	"testing"

	"github.com/flowspec/flowspec/compiler"
)

// TestProgressCountsBatchElements checks that a group run as batches
// reports its elements, not its batches: two batches of 3 and 2 elements
// are "5/5", as the unbatched group would be.
func TestProgressCountsBatchElements(t *testing.T) {
	spread := func(n int) []compiler.Arg {
		vals := make([]any, n)
		for i := range vals {
			vals[i] = int64(i)
		}
		return []compiler.Arg{{Kind: compiler.Const, Value: vals, Spread: true}}
	}
	b := newGraph()
	sizes := []int{3, 2}
	batches := b.mapped("inc", "inc", 2, func(i int) []compiler.Arg { return spread(sizes[i]) })
	for _, i := range batches {
		b.g.Tasks[i].Each = true
	}
	b.g.GroupOf(int(batches[0])).Stride = 3
	g := b.graph()
	var out bytes.Buffer
	p := NewProgress(&out, g, ProgressOptions{Mode: ProgressPlain})
	sink := p.Sink()
	for _, i := range batches {
		sink(Event{Task: i, State: Running, Attempt: 1})
		sink(Event{Task: i, State: Success, Attempt: 1})
	}
	p.Close()
	if got := out.String(); !strings.HasPrefix(got, "inc: 5/5 done in ") {
		t.Errorf("progress of two batches of 3 and 2 elements = %q, want inc: 5/5 done in ...", got)
	}
}
