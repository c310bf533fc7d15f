package runtime

import (
	"context"
	"sync"
	"testing"

	"github.com/flowspec/flowspec/compiler"
)

// fakeCache holds one result, for the arguments [2]; it records every
// lookup.
type fakeCache struct {
	mu    sync.Mutex
	asked map[int32][]any
}

func (f *fakeCache) Lookup(task int32, args []any) (any, bool) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.asked[task] = args
	if len(args) == 1 && args[0] == int64(2) {
		return int64(100), true
	}
	return nil, false
}

// TestLocalCacheLookup: an element of a cache: group is looked up with its
// resolved arguments as it is about to run; a hit is its result (its
// Success event says Cached; inc would have given 3), a miss runs; groups
// without cache: are not looked up.
func TestLocalCacheLookup(t *testing.T) {
	b := newGraph()
	inc := b.mapped("inc", "inc", 2, func(i int) []compiler.Arg { return []compiler.Arg{c(int64(i + 1))} })
	cached := b.mapped("cached", "inc", 2, func(i int) []compiler.Arg { return []compiler.Arg{ref(inc[i])} })
	b.g.Groups[1].Cache = &compiler.Cache{}
	total := b.task("total", "sum", refs(cached))
	b.output("total", ref(total))
	reg, _ := newTestRegistry(t)
	fc := &fakeCache{asked: map[int32][]any{}}
	rec := &recorder{}
	res, err := NewLocal(reg, 2).WithCache(fc).Run(context.Background(), b.graph(), rec.sink)
	if err != nil || !res.OK() {
		t.Fatalf("run: %v %v", err, res.Errors)
	}
	if got := res.Outputs[0].Value; got != int64(100+4) {
		t.Fatalf("total = %v, want 104 (cached[0] from the cache, cached[1] = 3+1)", got)
	}
	if len(fc.asked) != 2 || fc.asked[cached[0]][0] != int64(2) || fc.asked[cached[1]][0] != int64(3) {
		t.Fatalf("lookups %v, want cached[0] with [2] and cached[1] with [3]", fc.asked)
	}
	for _, ev := range rec.events {
		if ev.State == Success && ev.Cached != (ev.Task == cached[0]) {
			t.Errorf("task %d: Cached %v", ev.Task, ev.Cached)
		}
	}
}
