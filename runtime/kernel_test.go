package runtime

import (
	"context"
	"math"
	"reflect"
	"testing"

	"github.com/flowspec/flowspec/builtins"
	"github.com/flowspec/flowspec/compiler"
	"github.com/flowspec/flowspec/operator"
)

// TestKernelMatchesOrdinaryCalls runs Each tasks of the built-ins that have
// integer fast paths, on elements a kernel takes and on elements it must
// leave to the ordinary call (floats, None, bools, delays, overflows), with
// the built-in registry and with one whose operators have no fast path:
// outputs and errors must be the same.
func TestKernelMatchesOrdinaryCalls(t *testing.T) {
	ints := func(vs ...any) compiler.Arg { return c(vs) }
	rng := func(start, step int64, n int) compiler.Arg {
		return spread(c(compiler.IntRange{Start: start, Step: step, Len: n}))
	}
	cases := map[string]struct {
		op   string
		args []compiler.Arg
	}{
		"range":             {"inc", []compiler.Arg{rng(5, 3, 100), c(0.0)}},
		"range overflows":   {"inc", []compiler.Arg{rng(math.MaxInt64-5, 1, 10), c(int64(0))}},
		"range down":        {"dec", []compiler.Arg{rng(math.MinInt64+3, -1, 2), c(0.0)}},
		"mixed numbers":     {"add", []compiler.Arg{spread(ints(int64(1), 2.5, int64(3), math.Copysign(0, -1))), rng(0, 1, 4), c(0.0)}},
		"spread delays":     {"add", []compiler.Arg{rng(0, 1, 4), rng(10, 1, 4), spread(ints(int64(0), 0.0, math.Copysign(0, -1), int64(0)))}},
		"a delay":           {"add", []compiler.Arg{rng(0, 1, 4), rng(10, 1, 4), spread(ints(int64(0), 0.0, -1.0, int64(0)))}},
		"none":              {"add", []compiler.Arg{spread(ints(int64(1), nil)), c(int64(2)), c(0.0)}},
		"bool":              {"dec", []compiler.Arg{spread(ints(int64(1), true)), c(0.0)}},
		"shared float":      {"sub", []compiler.Arg{c(1.5), rng(0, 1, 3)}},
		"shared int":        {"sub", []compiler.Arg{rng(0, 1, 3), c(int64(7))}},
		"mul overflows":     {"mul", []compiler.Arg{spread(ints(int64(3), int64(math.MaxInt64/2))), c(int64(3))}},
		"neg overflows":     {"neg", []compiler.Arg{spread(ints(int64(-3), int64(math.MinInt64)))}},
		"shared none delay": {"inc", []compiler.Arg{rng(0, 1, 3), c(nil)}},
		"different lengths": {"add", []compiler.Arg{rng(0, 1, 3), rng(0, 1, 4), c(0.0)}},
	}
	plain, err := builtins.All()
	if err != nil {
		t.Fatal(err)
	}
	for _, o := range plain.Ops() {
		o.Ints = nil
	}
	for name, tc := range cases {
		b := newGraph()
		b.output("out", ref(b.each("e", tc.op, tc.args...)))
		want := runOn(t, plain, b.graph())
		got := runOn(t, builtins.Default(), b.graph())
		if !reflect.DeepEqual(got, want) {
			t.Errorf("%s: with kernels %v, without %v", name, got, want)
		}
	}
}

// runOn runs g on reg and returns its outputs and error messages.
func runOn(t *testing.T, reg *operator.Registry, g *compiler.Graph) []any {
	t.Helper()
	res, err := NewLocal(reg, 1).Run(context.Background(), g, nil)
	if err != nil {
		t.Fatal(err)
	}
	out := []any{res.Counts}
	for _, o := range res.Outputs {
		out = append(out, o.Value)
	}
	for _, e := range res.Errors {
		out = append(out, e.Key.String(), e.Message)
	}
	return out
}

// TestKernelOf checks which operators get a kernel: the built-ins with
// integer fast paths and composites of them, not others.
func TestKernelOf(t *testing.T) {
	reg := builtins.Default()
	lookup := func(name string) *operator.Op {
		op, ok := reg.Lookup(name)
		if !ok {
			t.Fatalf("no built-in %s", name)
		}
		return op
	}
	for _, name := range []string{"inc", "dec", "add", "sub", "mul", "neg"} {
		if newKernel(lookup(name), nil) == nil {
			t.Errorf("%s has no kernel", name)
		}
	}
	for _, name := range []string{"div", "sum", "identity"} {
		if newKernel(lookup(name), nil) != nil {
			t.Errorf("%s has a kernel", name)
		}
	}
	chain := func(last string) *composed {
		return newComposed(&compiler.Program{Calls: []compiler.Call{
			{Op: lookup("inc"), Args: []compiler.Input{{Index: 0}, {Index: 1}}},
			{Op: lookup(last), Args: []compiler.Input{{FromCall: true, Index: 0}, {Index: 2}}},
		}})
	}
	sig := &operator.Op{Params: make([]operator.Param, 3)}
	if newKernel(sig, chain("sub")) == nil {
		t.Error("inc then sub has no kernel")
	}
	if newKernel(sig, chain("div")) != nil {
		t.Error("inc then div has a kernel")
	}
}
