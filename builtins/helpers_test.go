package builtins_test

import (
	"context"
	"encoding/json"
	"math"
	"testing"

	"github.com/flowspec/flowspec/builtins"
	"github.com/flowspec/flowspec/operator"
	"github.com/flowspec/flowspec/value"
)

// argsFor lays out named arguments in op's parameter order, defaults
// filled in, as the runtime does.
func argsFor(t testing.TB, op *operator.Op, named map[string]any) []any {
	t.Helper()
	args := make([]any, len(op.Params))
	for i, p := range op.Params {
		v, ok := named[p.Name]
		switch {
		case ok:
			args[i] = v
		case p.Required:
			t.Fatalf("%s: missing required argument %s", op.Name, p.Name)
		default:
			args[i] = p.Default
		}
	}
	for k := range named {
		if _, i := op.Param(k); i < 0 {
			t.Fatalf("%s has no parameter %s", op.Name, k)
		}
	}
	return args
}

// run calls the Go implementation of the built-in called name.
func run(t testing.TB, name string, named map[string]any) (any, error) {
	t.Helper()
	op, ok := builtins.Default().Lookup(name)
	if !ok {
		t.Fatalf("no operator %s", name)
	}
	return op.Go(context.Background(), argsFor(t, op, named))
}

// kv builds named arguments from alternating names and values.
func kv(pairs ...any) map[string]any {
	m := make(map[string]any, len(pairs)/2)
	for i := 0; i+1 < len(pairs); i += 2 {
		m[pairs[i].(string)] = pairs[i+1]
	}
	return m
}

// show renders a value with its types, for failure messages.
func show(v any) string { return value.Describe(v) + " = " + value.Repr(v) }

func mustUnmarshal(t *testing.T, raw []byte, v any) {
	t.Helper()
	if err := json.Unmarshal(raw, v); err != nil {
		t.Fatal(err)
	}
}

func inf() float64 { return math.Inf(1) }
