package optimize

import (
	"strings"
	"testing"

	"github.com/flowspec/flowspec/compiler"
)

// TestCheckFindsBrokenInvariants breaks one invariant at a time in a valid
// graph and checks that Check names it.
func TestCheckFindsBrokenInvariants(t *testing.T) {
	cases := map[string]struct {
		breakIt func(g *compiler.Graph)
		want    string
	}{
		"unsorted deps":       {func(g *compiler.Graph) { d := g.Tasks[6].Deps; d[0], d[1] = d[1], d[0] }, "not sorted and unique"},
		"missing dep":         {func(g *compiler.Graph) { g.Tasks[6].Deps = g.Tasks[6].Deps[1:] }, "without depending on it"},
		"forward dep":         {func(g *compiler.Graph) { g.Tasks[0].Deps = []int32{3} }, "does not come before it"},
		"group gap":           {func(g *compiler.Graph) { g.Groups[1].First++ }, "want it to start at 3"},
		"wrong group":         {func(g *compiler.Graph) { g.Tasks[0].Group = 1 }, "names group 1"},
		"index in unmapped":   {func(g *compiler.Graph) { g.Tasks[9].Index = 0 }, "in an unmapped group"},
		"index out of order":  {func(g *compiler.Graph) { g.Tasks[1].Index = 0 }, "not above its predecessor"},
		"each without spread": {func(g *compiler.Graph) { g.Tasks[0].Each = true }, "without a spread argument"},
		"spread outside each": {func(g *compiler.Graph) { g.Tasks[0].Args[0].Spread = true }, "not an Each task"},
		"bad output":          {func(g *compiler.Graph) { g.Outputs[0].Value = ref(99) }, "does not exist"},
	}
	for name, tc := range cases {
		g, _ := seedGraph(t, 3)
		if err := Check(g); err != nil {
			t.Fatalf("valid graph: %v", err)
		}
		tc.breakIt(g)
		if err := Check(g); err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%s: Check() = %v, want %q", name, err, tc.want)
		}
	}
}
