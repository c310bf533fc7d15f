// Package expression is flowspec's `${{ }}` expression language: expr-lang
// with flowspec's functions and a patch that gives its operators Python's
// semantics (the same as the operators' and their Python twins'), and a
// cache of compiled programs.
package expression

import (
	"fmt"
	"math/rand/v2"
	"sort"

	"github.com/expr-lang/expr"
	"github.com/flowspec/flowspec/value"
)

// Options returns the expr-lang options every flowspec expression is
// compiled with, at compile time by the compiler and at run time by the
// expr operator, so both see the same language:
//
//   - expr-lang's own builtins (len, abs, min, max, sum, mean, upper, lower,
//     split, join, trim, replace, first, last, keys, values, sort, ...);
//   - range(n) / range(start, stop[, step]): a list of ints, as Python's;
//   - rand(): a float in [0, 1);
//   - format(template, values): the format operator;
//   - keys(m) and values(m) replace expr-lang's, which follow Go's random
//     map order, by the same lists ordered by key, so that a flow computes
//     the same thing on every run and on every executor;
//   - arithmetic, comparison, `in` and `..` rewritten to flowspec's own
//     semantics (see exprpatch.go): Python's / % ** on ints and floats,
//     errors on int overflow, exact int/float comparison, and string
//     indexing by character. The Python translation for Dask
//     (lower.TranslateExpr) uses the same rules, so an expression gives the
//     same value on every executor.
//
// Every call a program makes keeps to a Budget (see budget.go), which the
// program reads from the variable BudgetVar: Run provides it; a caller that
// compiles with expr.Env must declare it there (a *Budget). A program run
// without one gets a fresh default Budget per call.
//
// It returns a fresh slice on each call; callers may append their own
// options (expr.Env, for instance).
func Options() []expr.Option {
	opts := make([]expr.Option, 0, len(exprFunctions)+len(budgetFunctions)+1)
	for _, f := range exprFunctions {
		opts = append(opts, expr.Function(f.name, f.fn))
	}
	for _, f := range budgetFunctions {
		opts = append(opts, expr.Function(f.name, f.fn))
	}
	return append(opts, expr.Patch(semantics{}))
}

// exprFunction is one function added to expr-lang.
type exprFunction struct {
	name string
	fn   func(args ...any) (any, error)
}

// exprFunctions are the user-visible additions and the hidden functions the
// semantics patch calls (their $ names cannot be written in an expression).
var exprFunctions = []exprFunction{
	{"range", exprRange},
	{"rand", exprRand},
	{"format", exprFormat},
	{"keys", sortedKeys},
	{"values", valuesByKey},
	{"$bool", unaryFn(exprBool)},
	{"$add", binaryFn(exprAdd)},
	{"$sub", binaryFn(numeric("-", value.Sub))},
	{"$mul", binaryFn(numeric("*", value.Mul))},
	{"$div", binaryFn(numeric("/", value.Div))},
	{"$mod", binaryFn(numeric("%", value.Mod))},
	{"$pow", binaryFn(numeric("**", value.Pow))},
	{"$neg", unaryFn(exprNeg)},
	{"$eq", binaryFn(func(a, b any) (any, error) { return value.Equal(a, b), nil })},
	{"$ne", binaryFn(func(a, b any) (any, error) { return !value.Equal(a, b), nil })},
	{"$lt", binaryFn(comparison("<", func(c int) bool { return c == -1 }))},
	{"$le", binaryFn(comparison("<=", func(c int) bool { return c == -1 || c == 0 }))},
	{"$gt", binaryFn(comparison(">", func(c int) bool { return c == 1 }))},
	{"$ge", binaryFn(comparison(">=", func(c int) bool { return c == 1 || c == 0 }))},
	{"$in", binaryFn(exprIn)},
	{"$index", binaryFn(exprIndex)},
	{"$slice", exprSlice},
}

// binaryFn adapts a two-argument function: it checks the count and
// normalizes expr-lang's int and typed slices to runtime values.
func binaryFn(f func(a, b any) (any, error)) func(args ...any) (any, error) {
	return func(args ...any) (any, error) {
		if len(args) != 2 {
			return nil, fmt.Errorf("expected 2 arguments, got %d", len(args))
		}
		a, err := value.Normalize(args[0])
		if err != nil {
			return nil, err
		}
		b, err := value.Normalize(args[1])
		if err != nil {
			return nil, err
		}
		return f(a, b)
	}
}

func unaryFn(f func(a any) (any, error)) func(args ...any) (any, error) {
	return func(args ...any) (any, error) {
		if len(args) != 1 {
			return nil, fmt.Errorf("expected 1 argument, got %d", len(args))
		}
		a, err := value.Normalize(args[0])
		if err != nil {
			return nil, err
		}
		return f(a)
	}
}

func exprRange(args ...any) (any, error) {
	ints := make([]int64, len(args))
	for i, a := range args {
		n, err := value.Normalize(a)
		if err != nil {
			return nil, err
		}
		if ints[i], err = wantInt(fmt.Sprintf("range argument %d", i+1), n); err != nil {
			return nil, err
		}
	}
	switch len(ints) {
	case 1:
		return value.Range(0, ints[0], 1)
	case 2:
		return value.Range(ints[0], ints[1], 1)
	case 3:
		return value.Range(ints[0], ints[1], ints[2])
	}
	return nil, fmt.Errorf("range takes 1 to 3 arguments (stop, or start, stop[, step]), got %d", len(args))
}

func exprRand(args ...any) (any, error) {
	if len(args) != 0 {
		return nil, fmt.Errorf("rand takes no arguments, got %d", len(args))
	}
	return rand.Float64(), nil
}

func exprFormat(args ...any) (any, error) {
	if len(args) != 2 {
		return nil, fmt.Errorf("format takes 2 arguments (template, values), got %d", len(args))
	}
	t, err := value.Normalize(args[0])
	if err != nil {
		return nil, err
	}
	m, err := value.Normalize(args[1])
	if err != nil {
		return nil, err
	}
	ts, err := wantString("format template", t)
	if err != nil {
		return nil, err
	}
	mm, err := wantMap("format values", m)
	if err != nil {
		return nil, err
	}
	return value.Format(ts, mm)
}

func sortedKeys(args ...any) (any, error) {
	m, err := mapOf("keys", args)
	if err != nil {
		return nil, err
	}
	names := sortedNames(m)
	out := make([]any, len(names))
	for i, k := range names {
		out[i] = k
	}
	return out, nil
}

func valuesByKey(args ...any) (any, error) {
	m, err := mapOf("values", args)
	if err != nil {
		return nil, err
	}
	names := sortedNames(m)
	out := make([]any, len(names))
	for i, k := range names {
		out[i] = m[k]
	}
	return out, nil
}

func mapOf(fn string, args []any) (map[string]any, error) {
	if len(args) != 1 {
		return nil, fmt.Errorf("%s takes 1 argument, got %d", fn, len(args))
	}
	v, err := value.Normalize(args[0])
	if err != nil {
		return nil, err
	}
	return wantMap(fn+" argument", v)
}

func sortedNames(m map[string]any) []string {
	names := make([]string, 0, len(m))
	for k := range m {
		names = append(names, k)
	}
	sort.Strings(names)
	return names
}
