package lower

import (
	"bytes"
	"slices"
	"testing"

	"github.com/flowspec/flowspec/builtins"
	"github.com/flowspec/flowspec/compiler"
	"github.com/flowspec/flowspec/dask/internal/fixture"
)

// TestMarked: a trigger other than all_success marks its task and every
// task it reads, directly or not, and nothing else; the marked tasks get an
// outcome key beside their own.
func TestMarked(t *testing.T) {
	b := fixture.NewGraph("marked")
	one := func(a compiler.Arg) func(int) []compiler.Arg {
		return func(int) []compiler.Arg { return []compiler.Arg{a, fixture.Const(0.0)} }
	}
	src := b.Group("src", "inc", true, 2, compiler.Options{}, func(i int) []compiler.Arg {
		return []compiler.Arg{fixture.Const(int64(i)), fixture.Const(0.0)}
	})
	mid := b.Group("mid", "inc", false, 1, compiler.Options{}, one(b.Ref(src, 1)))
	b.Group("report", "inc", false, 1, compiler.Options{Trigger: compiler.TriggerAllDone}, one(b.Ref(mid, 0)))
	b.Group("apart", "inc", false, 1, compiler.Options{}, one(b.Ref(src, 0)))
	want := []bool{false, true, true, true, false} // src[0], src[1], mid, report, apart
	if got := Marked(b.G); !slices.Equal(got, want) {
		t.Errorf("Marked = %v, want %v", got, want)
	}
	l, err := Lower(b.G, builtins.Default(), formExpr)
	if err != nil {
		t.Fatal(err)
	}
	for gi, marked := range []bool{true, true, true, false} {
		outcome := l.Prefixes[gi] + outcomeSuffix
		if got := bytes.Contains(l.Pickle, []byte(outcome)); got != marked {
			t.Errorf("group %s: outcome key in the pickle %v, want %v", b.G.Groups[gi].Name, got, marked)
		}
	}
	if Marked(fixture.Seed(3)) != nil {
		t.Error("a graph without triggers has marked tasks")
	}
}
