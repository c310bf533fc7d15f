package expression

import (
	"strings"

	"context"
	"fmt"
	"github.com/expr-lang/expr/conf"

	"github.com/flowspec/flowspec/internal/bounded"
)

// Default limits of one evaluation. expr-lang bounds its own allocations
// (vm.MemoryBudget) but not what flowspec's functions, its string builtins
// or loops over them make, nor time: string doubling through let, nested
// map(range(…)) and reduce slipped past it. A Budget counts both.
const (
	// DefaultMaxSteps bounds the function calls and loop iterations of one
	// evaluation: ten million, about a second of work.
	DefaultMaxSteps = 10_000_000
	// DefaultMaxBytes bounds the estimated bytes of the values one
	// evaluation makes: 64 MiB.
	DefaultMaxBytes = 64 << 20
)

// BudgetVar is the variable through which a running program reaches its
// Budget. An expression can name it too, so a Budget exposes nothing an
// expression could use to change it.
const BudgetVar = "$budget"

// Budget is the work one evaluation may do: steps (calls of flowspec's
// functions and iterations of expr-lang's loops) and bytes (the estimated
// size of the values they make, counted before a large value is made).
// Exceeding either, or the context ending, stops the evaluation with an
// error that names the limit and how to raise it. A Budget serves one
// evaluation at a time. Programs can read the variable that holds it, so it
// has no exported field and no method an expression could call to change it.
type Budget struct {
	ctx                context.Context
	steps, bytes       int64
	maxSteps, maxBytes int64
}

// NewBudget returns a budget with the default limits, checking ctx.
func NewBudget(ctx context.Context) *Budget {
	return NewBudgetOf(ctx, DefaultMaxBytes, DefaultMaxSteps)
}

// NewBudgetOf returns a budget of maxBytes and maxSteps (either 0: the
// default), checking ctx.
func NewBudgetOf(ctx context.Context, maxBytes, maxSteps int64) *Budget {
	if maxBytes <= 0 {
		maxBytes = DefaultMaxBytes
	}
	if maxSteps <= 0 {
		maxSteps = DefaultMaxSteps
	}
	return &Budget{ctx: ctx, maxSteps: maxSteps, maxBytes: maxBytes}
}

// Restart starts counting steps anew for another evaluation; the bytes
// made so far stay counted (the compiler keeps every value it evaluates).
func (b *Budget) Restart() { b.steps = 0 }

// step counts n steps; the context is checked every 4096.
func (b *Budget) step(n int64) error {
	before := b.steps
	b.steps += max(n, 0)
	if b.steps > b.maxSteps {
		return fmt.Errorf("the expression takes more than %d steps, the limit (raise it with --expr-steps)", b.maxSteps)
	}
	if before>>12 != b.steps>>12 {
		if err := b.ctx.Err(); err != nil {
			return fmt.Errorf("the expression was stopped: %w", err)
		}
	}
	return nil
}

// alloc counts a value of about n bytes before it is made; n < 0 means
// more than any count.
func (b *Budget) alloc(n int64, what string) error {
	if n < 0 || n > b.maxBytes-b.bytes {
		size := ""
		if n >= 0 {
			size = " (about " + bounded.Size(n) + ")"
		}
		return fmt.Errorf("the expression would use more than %s, the limit, making %s%s (raise it with --expr-memory)",
			bounded.Size(b.maxBytes), what, size)
	}
	b.bytes += n
	return nil
}

// budgetOf returns the Budget a program was given, or a fresh default one
// when it runs without (a direct expr.Run), so no single call is unbounded.
func budgetOf(v any) *Budget {
	if b, ok := v.(*Budget); ok && b != nil {
		return b
	}
	return NewBudget(context.Background())
}

// sizeOf estimates the bytes a value holds at its top level: its items were
// counted when they were made.
func sizeOf(v any) int64 {
	switch x := v.(type) {
	case string:
		return int64(len(x))
	case []any:
		return 16 * int64(len(x))
	case map[string]any:
		return 48 * int64(len(x))
	}
	return 8
}

// lenOf is the number of items a loop over v visits.
func lenOf(v any) int64 {
	switch x := v.(type) {
	case string:
		return int64(len(x))
	case []any:
		return int64(len(x))
	case map[string]any:
		return int64(len(x))
	}
	return 1
}

// Explain adds the limit to expr-lang's own "memory budget exceeded" (its
// VM counts the items of the lists and maps its loops make), so that error
// says what was exceeded too.
func Explain(err error) error {
	if err != nil && strings.Contains(err.Error(), "memory budget exceeded") {
		return fmt.Errorf("%w: the expression's loops made more than %d items, expr-lang's limit; loop over fewer items", err, conf.DefaultMemoryBudget)
	}
	return err
}
