package runtime

import (
	"maps"
	"slices"
	"testing"

	"github.com/flowspec/flowspec/compiler"
)

// TestLocalResumeInputs: div[0] divides by dec[0] = 0 and fails, which
// skips total. A resume needs the failed element's input (dec[0]) and the
// other inputs of the reduction it skipped (div[1], div[2]): kept by the
// executor though their readers finished, and nothing else; a run that
// succeeded needs none.
func TestLocalResumeInputs(t *testing.T) {
	b := newGraph()
	inc := b.mapped("inc", "inc", 3, func(i int) []compiler.Arg { return []compiler.Arg{c(int64(i))} })
	dec := b.mapped("dec", "dec", 3, func(i int) []compiler.Arg { return []compiler.Arg{ref(inc[i])} })
	div := b.mapped("div", "div", 3, func(i int) []compiler.Arg { return []compiler.Arg{c(int64(6)), ref(dec[i])} })
	total := b.task("total", "sum", refs(div))
	b.output("total", ref(total))
	res, _ := runGraph(t, b.graph(), 2)
	if res.Counts[Failed] != 1 {
		t.Fatalf("counts %v, want div[0] failed", res.Counts)
	}
	got := slices.Sorted(maps.Keys(res.ResumeInputs))
	want := []int32{dec[0], div[1], div[2]}
	if !slices.Equal(got, want) {
		t.Fatalf("resume inputs %v, want %v (dec[0], div[1], div[2])", got, want)
	}
	if res.ResumeInputs[dec[0]] != int64(0) || res.ResumeInputs[div[1]] != int64(6) || res.ResumeInputs[div[2]] != int64(3) {
		t.Fatalf("resume inputs hold %v", res.ResumeInputs)
	}
	ok, _ := runGraph(t, seedFlow(10).graph(), 2)
	if ok.ResumeInputs != nil {
		t.Fatalf("a run that succeeded has resume inputs %v", ok.ResumeInputs)
	}
}
