package runtime

import (
	"strings"
	"testing"

	"github.com/flowspec/flowspec/compiler"
)

func TestEachMapsOverSpreadArgs(t *testing.T) {
	b := newGraph()
	xs := b.mapped("xs", "id", 3, func(i int) []compiler.Arg { return []compiler.Arg{c(int64(i * 10))} })
	one := b.each("one", "inc", spread(refs(xs)))
	zip := b.each("zip", "add", spread(c([]any{int64(1), int64(2), int64(3)})), spread(ref(one)))
	bcast := b.each("bcast", "add", spread(ref(one)), c(int64(100)))
	empty := b.each("empty", "inc", spread(c([]any{})))
	for name, i := range map[string]int32{"one": one, "zip": zip, "bcast": bcast, "empty": empty} {
		b.output(name, ref(i))
	}
	res, _ := runGraph(t, b.graph(), 2)
	want := map[string]string{
		"one":   "[1, 11, 21]",
		"zip":   "[2, 13, 24]",
		"bcast": "[101, 111, 121]",
		"empty": "[]",
	}
	for _, o := range res.Outputs {
		if got := FormatValue(o.Value); got != want[o.Name] {
			t.Errorf("%s = %s, want %s", o.Name, got, want[o.Name])
		}
	}
}

func TestEachFailures(t *testing.T) {
	ints := func(vs ...int64) compiler.Arg {
		l := make([]any, len(vs))
		for k, v := range vs {
			l[k] = v
		}
		return c(l)
	}
	cases := []struct {
		name string
		op   string
		args []compiler.Arg
		want string
	}{
		{"element error", "div", []compiler.Arg{c(int64(6)), spread(ints(1, 2, 3, 0, 5))}, "element 3: division by zero"},
		{"lengths", "add", []compiler.Arg{spread(ints(1, 2, 3)), spread(ints(1, 2, 3, 4, 5))},
			`mapped arguments have different lengths: "x" has 3 elements, "y" has 5`},
		{"not a list", "inc", []compiler.Arg{spread(c(int64(4)))}, `argument "x": expected a list to map over, got int 4`},
		{"element type", "inc", []compiler.Arg{spread(c([]any{int64(1), "two"}))}, `element 1: x must be an int, got string "two"`},
	}
	for _, tc := range cases {
		b := newGraph()
		b.each("e", tc.op, tc.args...)
		res, _ := runGraph(t, b.graph(), 1)
		if res.Counts[Failed] != 1 || len(res.Errors) != 1 || res.Errors[0].Message != tc.want {
			t.Errorf("%s: errors %q, want %q", tc.name, errorMessages(res), tc.want)
		}
	}
}

func TestEachElementErrorIsRetried(t *testing.T) {
	reg, ops := newTestRegistry(t)
	b := newGraph()
	e := b.each("e", "flaky", spread(c([]any{"a", "b"})), c(int64(2)))
	b.opts(e, func(o *compiler.Options) { o.Retries = 2 })
	b.output("e", ref(e))
	res := mustRun(t, reg, b.graph())
	// Attempt 1: a fails. Attempt 2: a succeeds, b fails. Attempt 3: both succeed.
	if !res.OK() || ops.attempts("a") != 3 || ops.attempts("b") != 2 {
		t.Fatalf("ok=%v attempts a=%d b=%d errors %q", res.OK(), ops.attempts("a"), ops.attempts("b"), errorMessages(res))
	}
	if got := FormatValue(res.Outputs[0].Value); !strings.HasPrefix(got, "[3, 2]") {
		t.Errorf("e = %s, want [3, 2]", got)
	}
}
