package optimize

import (
	"context"
	"math"
	"strings"
	"testing"

	"github.com/flowspec/flowspec/compiler"
	"github.com/flowspec/flowspec/runtime"
)

// TestFuseErrorNamesInnerOperator checks that a failure inside a fused
// element names the inner operator, and the task key the element.
func TestFuseErrorNamesInnerOperator(t *testing.T) {
	g, reg := seedGraph(t, 3)
	g.Tasks[1].Args = []compiler.Arg{num(math.MaxInt64), zeroDelay()} // inc[1] overflows
	out, _ := optimized(t, g, reg, only("fuse"))
	op, err := runtime.Op(out, reg, out.Groups[0].Op)
	if err != nil {
		t.Fatal(err)
	}
	task := &out.Tasks[1]
	_, err = op.Go(context.Background(), resolveConsts(t, task))
	want := "inc: integer overflow in inc: 9223372036854775807 + 1"
	if err == nil || err.Error() != want {
		t.Fatalf("error %v, want %q", err, want)
	}
	if key := out.Key(1).String(); key != "add[1]" {
		t.Errorf("key %s, want add[1]", key)
	}
}

func resolveConsts(t *testing.T, task *compiler.Task) []any {
	args := make([]any, len(task.Args))
	for k, a := range task.Args {
		if a.Kind != compiler.Const {
			t.Fatalf("argument %d is not a constant", k)
		}
		args[k] = a.Value
	}
	return args
}

// TestFuseRespectsOptions checks that options whose meaning fusion would
// change stop it, and that a pure producer joins a retrying consumer.
func TestFuseRespectsOptions(t *testing.T) {
	cases := []struct {
		name string
		set  func(prod, cons *compiler.Options)
		fuse bool
	}{
		{"plain", func(p, c *compiler.Options) {}, true},
		{"consumer retries", func(p, c *compiler.Options) { c.Retries = 2 }, true},
		{"producer retries", func(p, c *compiler.Options) { p.Retries = 2 }, false},
		{"timeout", func(p, c *compiler.Options) { c.Timeout = 1e9 }, false},
		{"when", func(p, c *compiler.Options) { p.When = &compiler.Arg{Kind: compiler.Const, Value: true} }, false},
		{"trigger", func(p, c *compiler.Options) { c.Trigger = compiler.TriggerAllDone }, false},
		{"priority", func(p, c *compiler.Options) { p.Priority = 3 }, false},
	}
	effects := []struct {
		name string
		set  func(prod, cons *compiler.Options)
		fuse bool
	}{
		{"effects", func(p, c *compiler.Options) {}, true},
		{"effects, both retry", func(p, c *compiler.Options) { p.Retries, c.Retries = 1, 1 }, false},
	}
	for _, tc := range cases {
		b := newBuilder(t)
		x := b.group("x", "inc", -1, func(int) []compiler.Arg { return []compiler.Arg{num(1), zeroDelay()} })
		y := b.group("y", "neg", -1, func(int) []compiler.Arg { return []compiler.Arg{b.elem(x, 0)} })
		b.output("y", b.elem(y, 0))
		tc.set(&b.g.Groups[x].Options, &b.g.Groups[y].Options)
		out, _ := optimized(t, b.g, b.reg, only("fuse"))
		if fused := len(out.Groups) == 1; fused != tc.fuse {
			t.Errorf("%s: fused %v, want %v", tc.name, fused, tc.fuse)
		}
	}
	for _, tc := range effects {
		b := newBuilder(t)
		x := b.group("x", "fail", -1, func(int) []compiler.Arg { return []compiler.Arg{{Kind: compiler.Const, Value: "boom"}} })
		y := b.group("y", "identity", -1, func(int) []compiler.Arg { return []compiler.Arg{b.elem(x, 0)} })
		b.output("y", b.elem(y, 0))
		tc.set(&b.g.Groups[x].Options, &b.g.Groups[y].Options)
		out, _ := optimized(t, b.g, b.reg, only("fuse"))
		if fused := len(out.Groups) == 1; fused != tc.fuse {
			t.Errorf("%s: fused %v, want %v", tc.name, fused, tc.fuse)
		}
	}
}

// TestFuseChain checks that a chain of single-reader tasks becomes one
// task with a flat composite name, and that a shared producer is not fused.
func TestFuseChain(t *testing.T) {
	b := newBuilder(t)
	a := b.group("a", "inc", 4, func(e int) []compiler.Arg { return []compiler.Arg{num(int64(e)), zeroDelay()} })
	c := b.group("c", "neg", 4, func(e int) []compiler.Arg { return []compiler.Arg{b.elem(a, e)} })
	d := b.group("d", "dec", 4, func(e int) []compiler.Arg { return []compiler.Arg{b.elem(c, e), zeroDelay()} })
	shared := b.group("s", "inc", -1, func(int) []compiler.Arg { return []compiler.Arg{num(1), zeroDelay()} })
	u := b.group("u", "neg", -1, func(int) []compiler.Arg { return []compiler.Arg{b.elem(shared, 0)} })
	v := b.group("v", "add", -1, func(int) []compiler.Arg { return []compiler.Arg{b.elem(shared, 0), b.elem(u, 0), zeroDelay()} })
	b.output("d", b.all(d))
	b.output("v", b.elem(v, 0))
	out, _ := optimized(t, b.g, b.reg, only("fuse"))
	var got []string
	for _, grp := range out.Groups {
		got = append(got, grp.Name+":"+grp.Op)
	}
	if s := strings.Join(got, " "); s != "d:fused_dec_neg_inc s:inc v:fused_add_neg" {
		t.Errorf("groups %s", s)
	}
	sameOutputs(t, evalGraph(t, out, b.reg), evalGraph(t, b.g, b.reg), false)
}

// TestFuseKeepsExprTasks checks that expr tasks, whose source the Dask
// lowering translates per task, are fused neither into their reader nor
// with their producers.
func TestFuseKeepsExprTasks(t *testing.T) {
	b := newBuilder(t)
	src := compiler.Arg{Kind: compiler.Const, Value: "x + 1"}
	x := b.group("x", "inc", -1, func(int) []compiler.Arg { return []compiler.Arg{num(1), zeroDelay()} })
	e := b.group("e", "expr", -1, func(int) []compiler.Arg {
		return []compiler.Arg{src, {Kind: compiler.Map, Names: []string{"x"}, Items: []compiler.Arg{b.elem(x, 0)}}}
	})
	y := b.group("y", "neg", -1, func(int) []compiler.Arg { return []compiler.Arg{b.elem(e, 0)} })
	b.output("y", b.elem(y, 0))
	out, _ := optimized(t, b.g, b.reg, only("fuse"))
	if got := namesOf(out); len(got) != 3 {
		t.Errorf("groups %v, want x, e, y unfused", got)
	}
}
