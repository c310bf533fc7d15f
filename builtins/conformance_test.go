package builtins_test

import (
	"context"
	"fmt"
	"math"
	"math/rand/v2"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/flowspec/flowspec/builtins"
	"github.com/flowspec/flowspec/dask/lower"
	"github.com/flowspec/flowspec/value"
)

// The conformance suite: every operator's Go implementation and Python twin
// must give identical results (same values, same types, floats bit for bit)
// and fail on the same inputs with the same message. It fails as soon as a
// twin drifts.

// conformanceCase is one call by argument name.
type conformanceCase struct {
	op    string
	named map[string]any
}

func TestConformance(t *testing.T) {
	cases := exampleCases()
	cases = append(cases, edgeCases()...)
	cases = append(cases, arithmeticGrid()...)
	cases = append(cases, orderingGrid()...)
	cases = append(cases, unicodeCases()...)
	cases = append(cases, powSamples()...)
	cases = append(cases, shellCases(t)...)
	compareTwins(t, cases, true)
}

// TestConformanceSignatures checks that each twin takes the Go parameters,
// in order, with the same defaults.
func TestConformanceSignatures(t *testing.T) {
	reply := runTwins(t, nil)
	for _, op := range builtins.Default().Ops() {
		sig := reply.Signatures[op.Name]
		if len(sig) != len(op.Params) {
			t.Errorf("%s: the twin takes %d parameters, Go %d", op.Name, len(sig), len(op.Params))
			continue
		}
		for i, p := range op.Params {
			var name string
			var hasDefault bool
			mustUnmarshal(t, sig[i][0], &name)
			mustUnmarshal(t, sig[i][1], &hasDefault)
			if name != p.Name || hasDefault == p.Required {
				t.Errorf("%s: twin parameter %d is %s (default: %v), Go has %s (required: %v)",
					op.Name, i, name, hasDefault, p.Name, p.Required)
				continue
			}
			if hasDefault {
				def, err := fromTypedJSON(sig[i][2])
				if err != nil || !value.Identical(def, p.Default) {
					t.Errorf("%s: twin default of %s is %s, Go's %s", op.Name, p.Name, sig[i][2], show(p.Default))
				}
			}
		}
	}
}

// compareTwins runs cases through both implementations and compares;
// messages too when withMessages.
func compareTwins(t *testing.T, cases []conformanceCase, withMessages bool) {
	t.Helper()
	calls := make([]twinCall, len(cases))
	for i, c := range cases {
		op, _ := builtins.Default().Lookup(c.op)
		calls[i] = twinCall{Op: c.op, Args: argsFor(t, op, c.named)}
		if src, ok := calls[i].Args[0].(string); ok && c.op == "expr" {
			calls[i].Args[0] = translated(t, src)
		}
	}
	reply := runTwins(t, calls)
	failures := 0
	for i, c := range cases {
		op, _ := builtins.Default().Lookup(c.op)
		got, err := op.Go(context.Background(), argsFor(t, op, c.named))
		if msg := disagreement(got, err, reply.Results[i], withMessages && c.op != "expr"); msg != "" {
			failures++
			if failures <= 40 {
				t.Errorf("%s(%s): %s", c.op, value.Repr(c.named), msg)
			}
		}
	}
	if failures > 40 {
		t.Errorf("... %d disagreements in all, of %d calls", failures, len(cases))
	}
	t.Logf("%d calls compared", len(cases))
}

// disagreement describes how Go's outcome and the twin's differ, or "".
func disagreement(got any, err error, py twinResult, withMessages bool) string {
	switch {
	case err != nil && py.Error == nil:
		v, _ := fromTypedJSON(py.Value)
		return fmt.Sprintf("Go fails (%v), Python returns %s", err, show(v))
	case err == nil && py.Error != nil:
		return fmt.Sprintf("Go returns %s, Python fails (%s)", show(got), *py.Error)
	case err != nil:
		if withMessages && err.Error() != *py.Error {
			return fmt.Sprintf("messages differ:\n  Go:     %s\n  Python: %s", err, *py.Error)
		}
		return ""
	}
	v, derr := fromTypedJSON(py.Value)
	if derr != nil {
		return derr.Error()
	}
	if !value.Identical(got, v) {
		return fmt.Sprintf("Go returns %s, Python %s", show(got), show(v))
	}
	return ""
}

func translated(t *testing.T, src string) string {
	t.Helper()
	py, err := lower.TranslateExpr(src)
	if err != nil {
		t.Fatalf("lower.TranslateExpr(%q): %v", src, err)
	}
	return py
}

func exampleCases() []conformanceCase {
	var cases []conformanceCase
	for _, op := range builtins.Default().Ops() {
		for _, e := range op.Examples {
			cases = append(cases, conformanceCase{op.Name, e.Args})
		}
	}
	return cases
}

// negZero is -0.0. The Go constant -0.0 is positive zero (constants are
// exact, and exact zero has no sign), so the edge cases spell it this way.
var negZero = math.Copysign(0, -1)

// edgeCases are the inputs where Go and Python disagree by default:
// negative modulo, int/float mixing, empty lists, bools among numbers,
// wrong types (the messages must match too).
func edgeCases() []conformanceCase {
	l := func(v ...any) []any { return v }
	c := func(op string, pairs ...any) conformanceCase { return conformanceCase{op, kv(pairs...)} }
	return []conformanceCase{
		c("inc", "x", true), c("inc", "x", "1"), c("inc", "x", nil), c("inc", "x", int64(1), "delay", -1.0),
		c("inc", "x", int64(1), "delay", math.NaN()), c("add", "x", l(), "y", int64(1)),
		c("mod", "x", int64(-7), "y", int64(-3)), c("mod", "x", -7.5, "y", int64(2)), c("mod", "x", int64(7), "y", negZero),
		c("mod", "x", 0.0, "y", int64(-3)), c("mod", "x", int64(math.MinInt64), "y", int64(-1)),
		c("div", "x", int64(math.MaxInt64), "y", int64(3)), c("div", "x", int64(1<<53+1), "y", int64(7)),
		c("pow", "x", -8.0, "y", 1.0/3), c("pow", "x", 10.0, "y", 400.0), c("pow", "x", 0.0, "y", math.Inf(-1)),
		c("pow", "x", int64(-2), "y", int64(63)), c("pow", "x", int64(-1), "y", int64(math.MaxInt64)),
		c("pow", "x", int64(3), "y", int64(1<<40)),
		c("sum", "values", l(int64(1), 0.1, 0.2, int64(3))), c("sum", "values", l(0.1, 0.2, 0.3)),
		c("sum", "values", l(true)), c("sum", "values", "abc"), c("sum", "values", nil),
		c("sum", "values", l(int64(math.MaxInt64), 1.0)), c("mean", "values", l(int64(math.MaxInt64), int64(math.MaxInt64-2))),
		c("mean", "values", l(0.1, 0.2)), c("mean", "values", l("a")),
		c("min", "values", l(math.NaN(), int64(1))), c("min", "values", l(int64(1), math.NaN())),
		c("max", "values", l(int64(1<<53+1), float64(1<<53))), c("min", "values", l(true)),
		c("max", "values", l("é", "z", "ë")), c("min", "values", l("", "a")),
		c("sort", "values", l(int64(2), 2.0, int64(1), 1.0), "reverse", true), c("sort", "values", l(1.5, math.NaN())),
		c("sort", "values", l("b", "é", "a", "B")), c("sort", "values", l(nil)), c("sort", "values", l(), "reverse", "yes"),
		c("unique", "values", l(0.0, negZero, int64(0), false, nil, "", math.NaN(), math.NaN(), 1e300, 1e300)),
		c("unique", "values", l(map[string]any{})),
		c("range", "stop", int64(10), "start", int64(1), "step", int64(3)), c("range", "stop", int64(math.MinInt64), "start", int64(math.MaxInt64), "step", int64(math.MinInt64)),
		c("range", "stop", int64(math.MaxInt64)), c("range", "stop", 3.0), c("range", "stop", int64(value.MaxRange+1)), c("range", "stop", int64(value.MaxRange), "start", int64(value.MaxRange-1000)),
		c("zip", "lists", l(l(), l())), c("zip", "lists", l(l(int64(1)), "a")), c("zip", "lists", l(l(int64(1), int64(2)))),
		c("concat", "lists", "ab"), c("flatten", "values", l(l(l(l())), map[string]any{"a": l(int64(1))})),
		c("first", "values", l(nil)), c("last", "values", nil), c("count", "values", map[string]any{}),
		c("format", "template", "{a}{b}{c}{d}{e}", "values", kv("a", nil, "b", true, "c", l(1.0, "x\n"), "d", map[string]any{"k": negZero}, "e", 1e16)),
		c("format", "template", "{x:.2f}", "values", kv("x", 1.0)), c("format", "template", "a}b"), c("format", "template", "{a"),
		c("format", "template", "{}"), c("format", "template", "{é} {{}}", "values", kv("é", "ü")),
		c("format", "template", "{n}", "values", kv("n", 1e-7)), c("format", "template", "{n}", "values", kv("n", 123456789.0)),
		c("join", "values", l("a", int64(1), 2.5, nil, l(int64(1))), "sep", "·"), c("join", "values", l(), "sep", int64(1)),
		c("split", "text", "a\x1cb\u3000c\u200bd"), c("split", "text", "a, b,, c", "sep", ", "), c("split", "text", "", "sep", ","),
		c("split", "text", "ééé", "sep", "é"),
		c("upper", "text", int64(1)), c("lower", "text", "İSTANBUL ΣΑΣ"), c("upper", "text", "ﬀ ß ŉ ᾳ ǅ"),
		c("sleep", "seconds", negZero), c("sleep", "seconds", 2e9), c("sleep", "seconds", "1"),
		c("fail", "message", "bad things: ü"), c("fail", "message", int64(3)), c("identity", "value", l(math.Inf(-1), negZero)),
		c("expr", "expr", "x", "vars", "nope"), c("expr", "expr", int64(1)),
	}
}

// arithNumbers are operands chosen at the edges: zero signs, int64 limits,
// ints beyond float precision, infinities and NaN.
var arithNumbers = []any{
	int64(0), int64(1), int64(-1), int64(2), int64(3), int64(-3), int64(7), int64(-7), int64(10), int64(63), int64(64),
	int64(math.MaxInt64), int64(math.MinInt64), int64(1<<53 + 1), int64(-(1 << 53) - 1),
	0.0, math.Copysign(0, -1), 0.5, 1.5, -2.5, 0.1, 3.0, 1e16, 1e308, -1e-308, 2.5e-310,
	math.Inf(1), math.Inf(-1), math.NaN(),
}

func arithmeticGrid() []conformanceCase {
	var cases []conformanceCase
	for _, x := range arithNumbers {
		for _, op := range []string{"inc", "dec", "neg", "abs"} {
			cases = append(cases, conformanceCase{op, kv("x", x)})
		}
		for _, y := range arithNumbers {
			for _, op := range []string{"add", "sub", "mul", "div", "mod", "pow"} {
				cases = append(cases, conformanceCase{op, kv("x", x, "y", y)})
			}
		}
	}
	return cases
}

func orderingGrid() []conformanceCase {
	values := append(append([]any{}, arithNumbers...), "", "a", "B", "é", "ab")
	var cases []conformanceCase
	for _, x := range values {
		for _, y := range values {
			pair := []any{x, y}
			cases = append(cases,
				conformanceCase{"min", kv("values", pair)},
				conformanceCase{"max", kv("values", pair)},
				conformanceCase{"sort", kv("values", pair)},
				conformanceCase{"unique", kv("values", pair)},
			)
		}
	}
	return cases
}

// unicodeCases change the case of every character Python's Unicode
// database knows (all code points but surrogates), in blocks.
func unicodeCases() []conformanceCase {
	var cases []conformanceCase
	var b strings.Builder
	for r := rune(0); r <= utf8.MaxRune; r++ {
		if utf8.ValidRune(r) {
			b.WriteRune(r)
		}
		if r%0x10000 == 0xffff {
			cases = append(cases,
				conformanceCase{"upper", kv("text", b.String())},
				conformanceCase{"lower", kv("text", b.String())})
			b.Reset()
		}
	}
	return cases
}

// powSamples are float powers over the three paths of powFloat: integral
// and half-integral exponents (exact) and others (the portable loop).
func powSamples() []conformanceCase {
	rng := rand.New(rand.NewPCG(5, 6))
	var cases []conformanceCase
	for range 1500 {
		x := math.Ldexp(rng.Float64()+0.5, rng.IntN(100)-50)
		for _, y := range []float64{float64(rng.IntN(61) - 30), float64(rng.IntN(61)-30) / 2, (rng.Float64() - 0.5) * 40} {
			cases = append(cases, conformanceCase{"pow", kv("x", x, "y", y)})
		}
	}
	return cases
}
