package lower

import (
	"math"
	"strings"
	"testing"

	"github.com/flowspec/flowspec/builtins"
	"github.com/flowspec/flowspec/dask/internal/fixture"
)

func TestProgression(t *testing.T) {
	cases := []struct {
		v                 any
		start, stop, step int64
		ok                bool
	}{
		{[]any{int64(0), int64(1), int64(2)}, 0, 3, 1, true},
		{[]any{int64(10), int64(7), int64(4)}, 10, 1, -3, true},
		{[]any{int64(5), int64(6)}, 5, 7, 1, true},
		{[]any{int64(1)}, 0, 0, 0, false},                                       // one element: a list is as short
		{[]any{int64(1), int64(1)}, 0, 0, 0, false},                             // step 0
		{[]any{int64(0), int64(1), int64(3)}, 0, 0, 0, false},                   // not one step
		{[]any{int64(0), 1.0}, 0, 0, 0, false},                                  // a float
		{[]any{int64(0), int64(1), true}, 0, 0, 0, false},                       // a bool
		{[]any{int64(math.MaxInt64 - 1), int64(math.MaxInt64)}, 0, 0, 0, false}, // stop past int64
		{[]any{int64(math.MinInt64), int64(math.MaxInt64)}, 0, 0, 0, false},     // step past int64
		{"not a list", 0, 0, 0, false},
	}
	for _, c := range cases {
		start, stop, step, ok := progression(c.v)
		if ok != c.ok || ok && (start != c.start || stop != c.stop || step != c.step) {
			t.Errorf("progression(%v) = %d, %d, %d, %v; want %d, %d, %d, %v", c.v, start, stop, step, ok, c.start, c.stop, c.step, c.ok)
		}
	}
}

// TestBatchSourceOnlyBuiltins checks that a kernel replaces only the
// built-in operators' own twins: an operator of the same name with other
// Python (a library user's inc) keeps the generic each.
func TestBatchSourceOnlyBuiltins(t *testing.T) {
	inc, _ := builtins.Default().Lookup("inc")
	if src := batchSource(inc, nil); !strings.Contains(src, "return [(p0 + 1) for p0, in zip(") {
		t.Errorf("built-in inc: no kernel comprehension in\n%s", src)
	}
	if src := batchSource(fixture.Inc, nil); src != "" {
		t.Errorf("an inc with its own Python got a kernel:\n%s", src)
	}
	div, _ := builtins.Default().Lookup("div")
	if src := batchSource(div, nil); src != "" {
		t.Errorf("div (no kernel: it can fail on any element) got one:\n%s", src)
	}
}
