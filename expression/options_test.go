package expression

import (
	"context"
	"strings"
	"testing"

	"github.com/expr-lang/expr"
	"github.com/flowspec/flowspec/value"
)

// evalWith evaluates src as the compiler does at compile time: Options
// plus an environment holding the Budget, result normalized.
func evalWith(t *testing.T, src string, vars map[string]any) (any, error) {
	t.Helper()
	env := map[string]any{BudgetVar: NewBudget(context.Background())}
	for k, v := range vars {
		env[k] = v
	}
	p, err := expr.Compile(src, append(Options(), expr.Env(env))...)
	if err != nil {
		return nil, err
	}
	out, err := expr.Run(p, env)
	if err != nil {
		return nil, err
	}
	return value.Normalize(out)
}

func TestOptions(t *testing.T) {
	env := map[string]any{"params": map[string]any{"n": int64(3)}}
	for _, c := range []struct {
		src  string
		want any
		err  string
	}{
		{src: "range(params.n)", want: []any{int64(0), int64(1), int64(2)}},
		{src: "range(1, 7, 3)", want: []any{int64(1), int64(4)}},
		{src: "range()", err: "range takes 1 to 3 arguments"},
		{src: "range(1.5)", err: "range argument 1 must be an int, got float 1.5"},
		{src: "range(100000000)", err: "more than the limit of 10000000"},
		{src: "format('{n} items', {n: params.n})", want: "3 items"},
		{src: "format('{m}', {n: 1})", err: `template uses {m} but values has no "m"`},
		{src: "keys({b: 1, a: 2, c: 3})", want: []any{"a", "b", "c"}},
		{src: "values({b: 1, a: 2, c: 3})", want: []any{int64(2), int64(1), int64(3)}},
		{src: "params.n / 2", want: 1.5},
		{src: "-7 % 3", want: int64(2)},
		{src: "2 ** 62 * 2", err: "integer overflow in expression: 4611686018427387904 * 2"},
		{src: "-(-9223372036854775807 - 1)", err: "integer overflow in expression: -(-9223372036854775808)"},
		{src: "1 / 0", err: "division by zero in expression: 1 / 0"},
		{src: "'a' + 1", err: `cannot add string "a" and int 1`},
		{src: "'ab' + 'c'", want: "abc"},
		{src: "1 < 'a'", err: `cannot compare int 1 < string "a"`},
		{src: "[1, 2] == [1.0, 2.0]", want: true},
		{src: "true and 1", err: "expected a bool, got int 1"},
		{src: "'héllo'[1]", want: "é"},
		{src: "'héllo'[1:3]", want: "él"},
		{src: "[1, 2, 3][-1]", want: int64(3)},
		{src: "[1, 2, 3][3]", err: "index 3 is out of range for a list of 3"},
		{src: "1..3", want: []any{int64(1), int64(2), int64(3)}},
		{src: "2 in 1..3", want: true},
		{src: "params.missing ?? 5", want: int64(5)},
	} {
		got, err := evalWith(t, c.src, env)
		switch {
		case c.err != "" && (err == nil || !strings.Contains(err.Error(), c.err)):
			t.Errorf("%s: got %v, %v; want error containing %q", c.src, got, err, c.err)
		case c.err == "" && err != nil:
			t.Errorf("%s: %v", c.src, err)
		case c.err == "" && !value.Identical(got, c.want):
			t.Errorf("%s = %s, want %s", c.src, show(got), show(c.want))
		}
	}
}

func TestExprRand(t *testing.T) {
	seen := map[float64]bool{}
	for range 100 {
		v, err := evalWith(t, "rand()", nil)
		if err != nil {
			t.Fatal(err)
		}
		f := v.(float64)
		if f < 0 || f >= 1 {
			t.Fatalf("rand() = %v, outside [0, 1)", f)
		}
		seen[f] = true
	}
	if len(seen) < 90 {
		t.Fatalf("rand() repeated itself: %d distinct values in 100", len(seen))
	}
}

func TestOptionsFresh(t *testing.T) {
	a := Options()
	b := Options()
	if &a[0] == &b[0] {
		t.Fatal("Options shares its slice; an append by one caller would leak into another")
	}
}

func TestCompileCaches(t *testing.T) {
	p1, err := Compile("x + 1")
	if err != nil {
		t.Fatal(err)
	}
	p2, _ := Compile("x + 1")
	if p1 != p2 {
		t.Fatal("the same source compiled twice")
	}
	if _, err := Compile("x +"); err == nil {
		t.Fatal("a syntax error compiled")
	}
}

// show renders a value with its types, for failure messages.
func show(v any) string { return value.Describe(v) + " = " + value.Repr(v) }
