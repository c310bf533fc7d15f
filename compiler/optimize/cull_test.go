package optimize

import (
	"reflect"
	"testing"

	"github.com/flowspec/flowspec/compiler"
)

// TestCullKeepsEffects checks that without targets cull drops pure work
// nobody reads but keeps an operator with effects (fail) and what it reads,
// and that a flow without outputs keeps everything.
func TestCullKeepsEffects(t *testing.T) {
	b := newBuilder(t)
	a := b.group("a", "inc", -1, func(int) []compiler.Arg { return []compiler.Arg{num(1), zeroDelay()} })
	b.group("unread", "neg", -1, func(int) []compiler.Arg { return []compiler.Arg{b.elem(a, 0)} })
	msg := b.group("msg", "format", -1, func(int) []compiler.Arg {
		return []compiler.Arg{{Kind: compiler.Const, Value: "boom"}, {Kind: compiler.Const, Value: map[string]any{}}}
	})
	b.group("boom", "fail", -1, func(int) []compiler.Arg { return []compiler.Arg{b.elem(msg, 0)} })
	noOutputs := clone(b.g)
	b.output("a", b.elem(a, 0))
	out, ex := optimized(t, b.g, b.reg, only("cull"))
	if got := namesOf(out); !reflect.DeepEqual(got, []string{"a", "msg", "boom"}) {
		t.Errorf("kept %v, want a, msg, boom", got)
	}
	if ex.Passes[0].Note != "1 task not needed" {
		t.Errorf("note %q", ex.Passes[0].Note)
	}
	out, _ = optimized(t, noOutputs, b.reg, only("cull"))
	if len(out.Tasks) != 4 {
		t.Errorf("without outputs kept %d of 4 tasks", len(out.Tasks))
	}
}

// TestCullTargetKeepsElementIndices checks that culling part of a mapped
// group keeps the remaining elements' keys.
func TestCullTargetKeepsElementIndices(t *testing.T) {
	b := newBuilder(t)
	xs := b.group("xs", "inc", 5, func(e int) []compiler.Arg { return []compiler.Arg{num(int64(e)), zeroDelay()} })
	b.group("pick", "neg", -1, func(int) []compiler.Arg { return []compiler.Arg{b.elem(xs, 3)} })
	opts := only("cull")
	opts.Targets = []string{"pick"}
	out, _ := optimized(t, b.g, b.reg, opts)
	if len(out.Tasks) != 2 || out.Key(0).String() != "xs[3]" {
		t.Errorf("kept %d tasks, first %s; want xs[3] and pick", len(out.Tasks), out.Key(0))
	}
}

func namesOf(g *compiler.Graph) []string {
	var names []string
	for _, grp := range g.Groups {
		names = append(names, grp.Name)
	}
	return names
}
