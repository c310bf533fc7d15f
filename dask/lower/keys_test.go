package lower

import (
	"errors"
	"strings"
	"testing"

	"github.com/flowspec/flowspec/builtins"
	"github.com/flowspec/flowspec/compiler"
	"github.com/flowspec/flowspec/dask/internal/fixture"
	"github.com/flowspec/flowspec/dask/wire"
)

// TestLowerKeysDistinct: every task of a flow with several runtime
// expressions per argument (each its own generated group) has its own Dask
// key in every form, as the executor needs to hear of each.
func TestLowerKeysDistinct(t *testing.T) {
	g := compiledFlow(t, "../../testdata/run/expr_args.yaml")
	for _, f := range []Form{formHLG, formExpr, formHLGStringKeys} {
		l, err := Lower(g, builtins.Default(), f)
		if err != nil {
			t.Fatal(err)
		}
		seen := map[wire.Key]int{}
		for i := range g.Tasks {
			k := l.WireKey(i)
			if j, dup := seen[k]; dup {
				t.Fatalf("form %+v: tasks %s and %s share the key %s", f, g.Key(j), g.Key(i), k)
			}
			seen[k] = i
		}
	}
}

// TestLowerRefusesSharedKeys: a graph in which two tasks would share a Dask
// key (the scheduler would report it once and the run would never end) is
// refused as a flowspec bug before anything is submitted.
func TestLowerRefusesSharedKeys(t *testing.T) {
	inc := func(int) []compiler.Arg { return []compiler.Arg{fixture.Const(int64(1)), fixture.Const(0.0)} }
	cases := []struct {
		name  string
		build func(b *fixture.Builder)
		want  string
	}{
		{"unmapped group of two", func(b *fixture.Builder) {
			b.Group("pair", "inc", false, 2, compiler.Options{}, inc)
		}, "flow.yaml:14:3: internal error: two tasks named pair (inc) would share the Dask key pair-"},
		{"mapped index twice", func(b *fixture.Builder) {
			b.Group("twice", "inc", true, 3, compiler.Options{}, inc)
			b.G.Tasks[2].Index = 0
		}, "flow.yaml:14:3: internal error: two tasks named twice[0] (inc) would share the Dask key (twice-"},
		{"two groups of one name", func(b *fixture.Builder) {
			b.Group("same", "inc", false, 1, compiler.Options{}, inc)
			b.Group("same", "inc", false, 1, compiler.Options{}, inc)
		}, "flow.yaml:20:3: internal error: two tasks named same (inc) would share the Dask key same-"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			b := fixture.NewGraph("clash")
			c.build(b)
			_, err := Lower(b.G, fixture.Registry(t), formExpr)
			if err == nil || !strings.HasPrefix(err.Error(), c.want) || !strings.Contains(err.Error(), "flowspec bug") {
				t.Fatalf("error: %v\nwant one starting %q", err, c.want)
			}
			if errors.Is(err, ErrUnsupported) {
				t.Errorf("a key clash is a flowspec bug, not an unsupported flow: %v", err)
			}
		})
	}
}
