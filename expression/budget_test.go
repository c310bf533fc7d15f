package expression

import (
	"context"
	"strings"
	"testing"
)

// TestBudgetStopsHostileExpressions runs expressions that slipped past
// expr-lang's own memory budget; each must stop with the budget's error
// (naming the limit and the flag), without making what it asked for.
func TestBudgetStopsHostileExpressions(t *testing.T) {
	xs := make([]any, 10000)
	for i := range xs {
		xs[i] = int64(i)
	}
	for _, c := range []struct{ src, want string }{
		{`let s0 = "aaaaaaaaaaaaaaaa"; let s1 = s0 + s0; let s2 = s1 + s1; let s3 = s2 + s2; let s4 = s3 + s3; let s5 = s4 + s4; let s6 = s5 + s5; let s7 = s6 + s6; let s8 = s7 + s7; let s9 = s8 + s8; let s10 = s9 + s9; let s11 = s10 + s10; let s12 = s11 + s11; let s13 = s12 + s12; let s14 = s13 + s13; let s15 = s14 + s14; let s16 = s15 + s15; let s17 = s16 + s16; let s18 = s17 + s17; let s19 = s18 + s18; let s20 = s19 + s19; let s21 = s20 + s20; let s22 = s21 + s21; let s23 = s22 + s22; let s24 = s23 + s23; s24`, "--expr-memory"},
		{`map(range(1000), map(range(1000), map(range(1000), #)))`, "expr-lang's limit"},
		{`reduce(xs, reduce(xs, #acc + 1, 0), 0)`, "--expr-steps"},
		{`range(10000000)`, "making a list of 10000000 ints"},
		{`1..10000000`, "making a list of 10000000 ints"},
		{`repeat(repeat("a", 1000000), 1000000)`, "--expr-memory"},
		{`replace(replace(repeat("a", 10000), "a", repeat("b", 10000)), "b", repeat("c", 10000))`, "--expr-memory"},
		{`count(xs, len(filter(xs, false)) > 0)`, "--expr-steps"},
	} {
		_, err := evalWith(t, c.src, map[string]any{"xs": xs})
		err = Explain(err)
		if err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("%.60s: got %v, want an error containing %q", c.src, err, c.want)
		}
	}
}

// TestBudgetAllowsOrdinaryWork keeps the budget out of the way of ordinary
// expressions, ranges of a million included.
func TestBudgetAllowsOrdinaryWork(t *testing.T) {
	for _, src := range []string{`len(range(1000000))`, `sum(map(range(1000), # * 2))`, `repeat("ab", 3) + replace("a-b", "-", "+")`} {
		if _, err := evalWith(t, src, nil); err != nil {
			t.Errorf("%s: %v", src, err)
		}
	}
}

// TestRunStopsWhenCancelled: a heavy expression checks its context, so a
// cancelled run does not wait for it.
func TestRunStopsWhenCancelled(t *testing.T) {
	p, err := Compile(`reduce(range(1000000), reduce(range(1000), #acc + 1, 0), 0)`)
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	b := NewBudgetOf(ctx, 0, 1<<40)
	_, err = Run(ctx, p, nil, b)
	if err == nil || !strings.Contains(err.Error(), "stopped") || !strings.Contains(err.Error(), "context canceled") {
		t.Fatalf("got %v, want the expression stopped by its context", err)
	}
}

// TestBudgetIsOpaqueToExpressions: a program can name the variable holding
// its Budget, but must not be able to reset or raise it.
func TestBudgetIsOpaqueToExpressions(t *testing.T) {
	for _, src := range []string{`$budget.step(-1000000)`, `$budget.maxSteps`, `$budget.Restart()`, `$env["$budget"].steps`} {
		if v, err := evalWith(t, src, nil); err == nil {
			t.Errorf("%s = %v, want an error", src, v)
		}
	}
}
