package builtins_test

import (
	"context"
	"errors"
	"testing"

	"github.com/flowspec/flowspec/builtins"
)

func TestControl(t *testing.T) {
	runFamily(t, []familyCase{
		ok("sleep", 0.0, "seconds", 0.0),
		bad("sleep", "seconds must be between 0 and 1e9 seconds, got inf", "seconds", inf()),
		bad("fail", "boom", "message", "boom"),
		bad("fail", "message must be a string, got int 1", "message", int64(1)),
		ok("identity", []any{}, "value", []any{}),
	})
}

// TestSleepHonoursCancellation: with the context already cancelled, a
// sleep of a million seconds can only return by noticing it.
func TestSleepHonoursCancellation(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	for _, c := range []struct {
		op   string
		args []any
	}{
		{"sleep", []any{1e6}},
		{"inc", []any{int64(1), 1e6}},
		{"dec", []any{int64(1), int64(1000000)}},
		{"add", []any{int64(1), int64(2), 1e6}},
	} {
		op, _ := builtins.Default().Lookup(c.op)
		if _, err := op.Go(ctx, c.args); !errors.Is(err, context.Canceled) {
			t.Errorf("%s: got %v, want context.Canceled", c.op, err)
		}
	}
}

// TestArgumentCount: a caller bug gets an error, not an index panic.
func TestArgumentCount(t *testing.T) {
	for _, op := range builtins.Default().Ops() {
		_, err := op.Go(context.Background(), nil)
		if err == nil && len(op.Params) > 0 {
			t.Errorf("%s accepted no arguments", op.Name)
		}
	}
}
