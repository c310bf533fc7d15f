package expression

import (
	"fmt"
	"strings"
	"unicode/utf8"

	"github.com/flowspec/flowspec/value"
)

// The functions through which the semantics patch makes a program keep to
// its Budget (see budgetPatch). Each takes the Budget first; those that can
// make a value much larger than their arguments check its size first.
var budgetFunctions = []exprFunction{
	{"$charge", exprCharge},
	{"$each", exprEach},
	{"$range", withBudget(budgetRange)},
	{"$through", withBudget(budgetThrough)},
	{"$repeat", withBudget(budgetRepeat)},
	{"$replace", withBudget(budgetReplace)},
}

// withBudget adapts a function of a Budget and normalized arguments.
func withBudget(f func(b *Budget, args []any) (any, error)) func(args ...any) (any, error) {
	return func(args ...any) (any, error) {
		if len(args) == 0 {
			return nil, fmt.Errorf("internal: a budgeted function was called without its budget")
		}
		b := budgetOf(args[0])
		rest := make([]any, len(args)-1)
		for i, a := range args[1:] {
			n, err := value.Normalize(a)
			if err != nil {
				return nil, err
			}
			rest[i] = n
		}
		if err := b.step(1); err != nil {
			return nil, err
		}
		return f(b, rest)
	}
}

// exprCharge counts one call and the size of the value it made.
func exprCharge(args ...any) (any, error) {
	b, v := budgetOf(args[0]), args[1]
	if err := b.step(1); err != nil {
		return nil, err
	}
	if err := b.alloc(sizeOf(v), madeOf(v)); err != nil {
		return nil, err
	}
	return v, nil
}

// exprEach counts the iterations of a loop (map, filter, reduce, ...) over
// a collection before the loop runs.
func exprEach(args ...any) (any, error) {
	b, coll := budgetOf(args[0]), args[1]
	if err := b.step(lenOf(coll)); err != nil {
		return nil, err
	}
	return coll, nil
}

// budgetRange is range(...) with its length counted before it is made.
func budgetRange(b *Budget, args []any) (any, error) {
	ints := make([]int64, len(args))
	for i, a := range args {
		var err error
		if ints[i], err = wantInt(fmt.Sprintf("range argument %d", i+1), a); err != nil {
			return nil, err
		}
	}
	start, stop, step := int64(0), int64(0), int64(1)
	switch len(ints) {
	case 1:
		stop = ints[0]
	case 2:
		start, stop = ints[0], ints[1]
	case 3:
		start, stop, step = ints[0], ints[1], ints[2]
	default:
		return nil, fmt.Errorf("range takes 1 to 3 arguments (stop, or start, stop[, step]), got %d", len(args))
	}
	return budgetedRange(b, start, stop, step)
}

func budgetedRange(b *Budget, start, stop, step int64) (any, error) {
	n, err := value.RangeLen(start, stop, step)
	if err != nil {
		return nil, err
	}
	if err := b.alloc(24*int64(n), fmt.Sprintf("a list of %d ints", n)); err != nil {
		return nil, err
	}
	return value.Range(start, stop, step)
}

// budgetThrough is a..b, range(a, b+1).
func budgetThrough(b *Budget, args []any) (any, error) {
	if len(args) != 2 {
		return nil, fmt.Errorf("expected 2 arguments, got %d", len(args))
	}
	x, xok := args[0].(int64)
	y, yok := args[1].(int64)
	if !xok || !yok {
		return nil, fmt.Errorf("a..b needs two ints, got %s and %s", value.Describe(args[0]), value.Describe(args[1]))
	}
	if y == 1<<63-1 {
		return nil, fmt.Errorf("integer overflow in %s: %d..%d", exprOp, x, y)
	}
	return budgetedRange(b, x, y+1, 1)
}

// budgetRepeat is expr-lang's repeat(s, n) with the result's size counted
// first.
func budgetRepeat(b *Budget, args []any) (any, error) {
	if len(args) != 2 {
		return nil, fmt.Errorf("repeat takes 2 arguments (text, count), got %d", len(args))
	}
	s, err := wantString("repeat text", args[0])
	if err != nil {
		return nil, err
	}
	n, err := wantInt("repeat count", args[1])
	if err != nil {
		return nil, err
	}
	if n < 0 {
		return nil, fmt.Errorf("repeat count must not be negative, got %d", n)
	}
	if s != "" && n > b.maxBytes/int64(len(s)) {
		return nil, b.alloc(-1, fmt.Sprintf("a text of %d × %d bytes", n, len(s)))
	}
	if err := b.alloc(int64(len(s))*n, "a text"); err != nil {
		return nil, err
	}
	return strings.Repeat(s, int(n)), nil
}

// budgetReplace is expr-lang's replace(s, old, new[, n]) with the result's
// size counted first: replacing can multiply a text's length.
func budgetReplace(b *Budget, args []any) (any, error) {
	if len(args) != 3 && len(args) != 4 {
		return nil, fmt.Errorf("replace takes 3 or 4 arguments (text, old, new[, count]), got %d", len(args))
	}
	var strs [3]string
	for i, name := range []string{"replace text", "replace old", "replace new"} {
		var err error
		if strs[i], err = wantString(name, args[i]); err != nil {
			return nil, err
		}
	}
	s, old, repl := strs[0], strs[1], strs[2]
	limit := int64(-1)
	if len(args) == 4 {
		var err error
		if limit, err = wantInt("replace count", args[3]); err != nil {
			return nil, err
		}
	}
	count := int64(strings.Count(s, old))
	if old == "" {
		count = int64(utf8.RuneCountInString(s) + 1)
	}
	if limit >= 0 {
		count = min(count, limit)
	}
	grow := int64(len(repl)) - int64(len(old))
	if grow > 0 && count > (b.maxBytes-int64(len(s)))/grow {
		return nil, b.alloc(-1, fmt.Sprintf("a text of %d replacements of %d bytes", count, len(repl)))
	}
	if err := b.alloc(int64(len(s))+count*max(grow, 0), "a text"); err != nil {
		return nil, err
	}
	return strings.Replace(s, old, repl, int(limit)), nil
}

// madeOf words what a function made, for the budget's error.
func madeOf(v any) string {
	switch x := v.(type) {
	case string:
		return fmt.Sprintf("a text of %d bytes", len(x))
	case []any:
		return fmt.Sprintf("a list of %d items", len(x))
	case map[string]any:
		return fmt.Sprintf("a map of %d entries", len(x))
	}
	return "a value"
}
