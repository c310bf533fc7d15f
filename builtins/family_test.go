package builtins_test

import (
	"math"
	"testing"

	"github.com/flowspec/flowspec/value"
)

// familyCase is one call and its expected outcome.
type familyCase struct {
	op    string
	named map[string]any
	want  any
	err   string
}

func ok(op string, want any, pairs ...any) familyCase {
	return familyCase{op: op, named: kv(pairs...), want: want}
}

func bad(op string, err string, pairs ...any) familyCase {
	return familyCase{op: op, named: kv(pairs...), err: err}
}

func runFamily(t *testing.T, cases []familyCase) {
	t.Helper()
	for _, c := range cases {
		t.Run(c.op+value.Repr(c.named), func(t *testing.T) {
			got, err := run(t, c.op, c.named)
			checkOutcome(t, got, err, c.want, c.err)
		})
	}
}

func TestArithmetic(t *testing.T) {
	const maxI, minI = int64(math.MaxInt64), int64(math.MinInt64)
	runFamily(t, []familyCase{
		ok("inc", int64(-1<<31+1), "x", int64(-1<<31)),
		bad("inc", "x must be a number, got bool true", "x", true),
		bad("inc", "delay must be between 0 and 1e9 seconds, got -1.0", "x", int64(1), "delay", -1.0),
		ok("dec", math.Inf(-1), "x", math.Inf(-1)),
		ok("add", 0.30000000000000004, "x", 0.1, "y", 0.2),
		bad("add", "integer overflow in add: -9223372036854775808 + -1", "x", minI, "y", int64(-1)),
		ok("sub", int64(-1), "x", maxI-1, "y", maxI),
		bad("sub", "integer overflow in sub: 0 - -9223372036854775808", "x", int64(0), "y", minI),
		ok("mul", minI, "x", int64(-1<<62), "y", int64(2)),
		bad("mul", "integer overflow in mul: -1 * -9223372036854775808", "x", int64(-1), "y", minI),
		ok("mul", math.Copysign(0, -1), "x", int64(0), "y", -1.5),
		// true division, correctly rounded even past 2^53 (float64(max)/3 is not)
		ok("div", 3074457345618258602.0, "x", maxI, "y", int64(3)),
		ok("div", math.Copysign(0, -1), "x", int64(0), "y", minI),
		bad("div", "division by zero in div: 1.5 / -0.0", "x", 1.5, "y", math.Copysign(0, -1)),
		ok("mod", 0.5, "x", -1.5, "y", int64(2)),
		ok("mod", math.Copysign(0, -1), "x", 4.0, "y", -2.0),
		ok("mod", int64(0), "x", minI, "y", int64(-1)),
		ok("mod", math.Inf(1), "x", -5.0, "y", math.Inf(1)),
		ok("pow", minI, "x", int64(-2), "y", int64(63)),
		ok("pow", int64(-1), "x", int64(-1), "y", maxI),
		// integral exponents are correctly rounded (math.Pow gives 1.0000000000000007e-07)
		ok("pow", 1.0000000000000004e-07, "x", 0.1, "y", int64(7)),
		ok("pow", 1e-3, "x", 10.0, "y", -3.0),
		// so are multiples of 0.5 (math.Pow gives 511.9999999999999)
		ok("pow", 512.0, "x", int64(64), "y", 1.5),
		ok("pow", 0.125, "x", 4.0, "y", -1.5),
		// other exponents follow Go's math.Pow algorithm on both executors,
		// with its error of a few units in the last place
		ok("pow", 1.515716566510398, "x", int64(64), "y", 0.1),
		bad("pow", "no real result in pow: -8.0 ** 0.5 (a negative number to a fractional power)", "x", -8.0, "y", 0.5),
		bad("pow", "float overflow in pow: 10.0 ** 400.0", "x", 10.0, "y", 400.0),
		ok("pow", math.Inf(1), "x", 0.0, "y", math.Inf(-1)),
		ok("neg", math.Copysign(0, -1), "x", 0.0),
		ok("abs", 0.0, "x", math.Copysign(0, -1)),
		ok("abs", maxI, "x", -maxI),
		ok("min", int64(1<<53+1), "values", []any{float64(1<<53 + 2), int64(1<<53 + 1)}),
		ok("max", int64(1<<53+1), "values", []any{float64(1 << 53), int64(1<<53 + 1)}),
		ok("min", 1.0, "values", []any{1.0, int64(1)}),
		bad("max", "values[1] must be a number or a string, got null", "values", []any{int64(1), nil}),
		bad("min", "values must be a list, got int 3", "values", int64(3)),
	})
}

func TestCollections(t *testing.T) {
	l := func(v ...any) []any { return v }
	runFamily(t, []familyCase{
		ok("sum", 1e100, "values", l(1e100, int64(1), int64(-1))),
		ok("sum", int64(-3), "values", l(int64(-1), int64(-2))),
		bad("sum", "integer overflow in sum: -9223372036854775808 + -1", "values", l(int64(math.MinInt64), int64(-1))),
		ok("mean", 3074457345618258602.0, "values", l(int64(math.MaxInt64), int64(0), int64(0))),
		ok("count", int64(1), "values", l(l())),
		ok("concat", l(l(int64(1)), int64(2)), "lists", l(l(l(int64(1))), l(int64(2)))),
		ok("flatten", l(), "values", l()),
		ok("sort", l(int64(1), 1.0, int64(1)), "values", l(int64(1), 1.0, int64(1))),
		ok("sort", l(2.0, int64(2), int64(1)), "values", l(int64(1), 2.0, int64(2)), "reverse", true),
		ok("sort", l("B", "a", "é"), "values", l("é", "a", "B")),
		bad("sort", "values[1] is nan, which cannot be sorted", "values", l(1.0, math.NaN())),
		bad("sort", "reverse must be a bool, got string \"yes\"", "values", l(), "reverse", "yes"),
		ok("unique", l(0.0, false, nil, ""), "values", l(0.0, int64(0), false, nil, "", math.Copysign(0, -1))),
		ok("range", l(int64(math.MaxInt64-1)), "start", int64(math.MaxInt64-1), "stop", int64(math.MaxInt64)),
		ok("range", l(int64(math.MaxInt64), int64(-1)), "start", int64(math.MaxInt64), "stop", int64(math.MinInt64), "step", int64(math.MinInt64)),
		bad("range", "range(0, 10000001, 1) has 10000001 elements, more than the limit of 10000000", "stop", int64(value.MaxRange+1)),
		bad("range", "stop must be an int, got float 3.0", "stop", 3.0),
		ok("zip", l(l(int64(1), "a", true)), "lists", l(l(int64(1)), l("a"), l(true))),
		bad("zip", "lists[1] must be a list, got null", "lists", l(l(), nil)),
		ok("first", nil, "values", l(nil, int64(1))),
		bad("last", "values must be a list, got string \"ab\"", "values", "ab"),
	})
}

// TestCollectionsDoNotAlias checks that results never share memory with
// arguments: the runtime hands one task's result to many others.
func TestCollectionsDoNotAlias(t *testing.T) {
	in := []any{int64(3), int64(1), int64(2)}
	for _, op := range []string{"sort", "unique", "flatten"} {
		got, err := run(t, op, kv("values", in))
		if err != nil {
			t.Fatal(err)
		}
		got.([]any)[0] = "changed"
		if in[0] != int64(3) {
			t.Fatalf("%s returned its argument's backing array", op)
		}
	}
	got, err := run(t, "concat", kv("lists", []any{in}))
	if err != nil {
		t.Fatal(err)
	}
	got.([]any)[0] = "changed"
	if in[0] != int64(3) {
		t.Fatal("concat returned its argument's backing array")
	}
}

func TestStrings(t *testing.T) {
	m := func(pairs ...any) map[string]any { return kv(pairs...) }
	runFamily(t, []familyCase{
		ok("format", "x=1 y=2.5 z=[1, \"a\"] w={\"k\": null} t=true", "template", "x={x} y={y} z={z} w={w} t={t}",
			"values", m("x", int64(1), "y", 2.5, "z", []any{int64(1), "a"}, "w", m("k", nil), "t", true)),
		ok("format", "1e+16 1000000.0 1e-05 0.0001", "template", "{a} {b} {c} {d}", "values", m("a", 1e16, "b", 1e6, "c", 1e-5, "d", 1e-4)),
		ok("format", "", "template", ""),
		bad("format", "template has an unmatched }; write }} for a literal brace", "template", "a}"),
		bad("format", "template has an unclosed {; write {{ for a literal brace", "template", "{a{b}"),
		bad("format", "template has an empty {}; put a key of values between the braces", "template", "{}"),
		bad("format", "template uses {x:.2f}: format specs are not supported; compute the text in an expr", "template", "{x:.2f}"),
		ok("split", []any{"a", "b", "c"}, "text", "a\u3000b\x1fc"),
		ok("split", []any{"", ""}, "text", ",", "sep", ","),
		ok("join", "a1.0null", "values", []any{"a", 1.0, nil}),
		ok("upper", "ᾈ", "text", "ᾀ"),
		ok("lower", "i", "text", "İ"),
		bad("upper", "text must be a string, got null", "text", nil),
	})
}
