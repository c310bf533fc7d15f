package builtins_test

import (
	"context"
	"testing"

	"github.com/flowspec/flowspec/builtins"
	"github.com/flowspec/flowspec/value"
)

func TestExprOperator(t *testing.T) {
	op, _ := builtins.Default().Lookup("expr")
	got, err := op.Go(context.Background(), []any{"sum(map(l, # * k))", map[string]any{"l": []any{int64(1), int64(2)}, "k": int64(3)}})
	if err != nil || !value.Identical(got, int64(9)) {
		t.Fatalf("got %v, %v", got, err)
	}
	if _, err := op.Go(context.Background(), []any{"now()", map[string]any{}}); err == nil {
		t.Fatal("a time value passed as a flowspec value")
	}
}
