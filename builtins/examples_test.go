package builtins_test

import (
	"fmt"
	"testing"

	"github.com/flowspec/flowspec/builtins"
	"github.com/flowspec/flowspec/value"
)

// TestExamples runs every documented example through the Go implementation:
// the examples `flowspec ops` shows must be true.
func TestExamples(t *testing.T) {
	for _, op := range builtins.Default().Ops() {
		if len(op.Examples) == 0 {
			t.Errorf("%s has no examples", op.Name)
		}
		for i, e := range op.Examples {
			t.Run(fmt.Sprintf("%s/%d", op.Name, i), func(t *testing.T) {
				got, err := run(t, op.Name, e.Args)
				checkOutcome(t, got, err, e.Want, e.Error)
			})
		}
	}
}

// checkOutcome compares a call's result with the expected value or error.
func checkOutcome(t *testing.T, got any, err error, want any, wantErr string) {
	t.Helper()
	switch {
	case wantErr != "" && err == nil:
		t.Fatalf("got %s, want error %q", show(got), wantErr)
	case wantErr != "" && err.Error() != wantErr:
		t.Fatalf("error %q, want %q", err, wantErr)
	case wantErr == "" && err != nil:
		t.Fatalf("error %q, want %s", err, show(want))
	case wantErr == "" && !value.Identical(got, want):
		t.Fatalf("got %s, want %s", show(got), show(want))
	}
}
