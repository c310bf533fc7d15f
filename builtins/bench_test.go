package builtins_test

import (
	"context"
	"testing"

	"github.com/flowspec/flowspec/builtins"
)

// Benchmarks for the operators the seed flow runs a million times; the
// runtime's target is a million tasks per second, so a call must cost well
// under a microsecond. int64 results above 255 are boxed into an interface
// (one 8-byte allocation); nothing else should allocate.

func benchOp(b *testing.B, name string, args []any) {
	op, _ := builtins.Default().Lookup(name)
	ctx := context.Background()
	b.ReportAllocs()
	for b.Loop() {
		if _, err := op.Go(ctx, args); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkInc(b *testing.B) { benchOp(b, "inc", []any{int64(1000), 0.0}) }

func BenchmarkIncSmall(b *testing.B) { benchOp(b, "inc", []any{int64(7), 0.0}) }

func BenchmarkAdd(b *testing.B) { benchOp(b, "add", []any{int64(1000), int64(2000), 0.0}) }

func BenchmarkAddFloat(b *testing.B) { benchOp(b, "add", []any{1.5, int64(2), 0.0}) }

func BenchmarkSum100(b *testing.B) {
	values := make([]any, 100)
	for i := range values {
		values[i] = int64(i * 1000)
	}
	benchOp(b, "sum", []any{values})
}

func BenchmarkExpr(b *testing.B) {
	benchOp(b, "expr", []any{"x * 2 + 1", map[string]any{"x": int64(1000)}})
}
