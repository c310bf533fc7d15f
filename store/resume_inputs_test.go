package store

import (
	"testing"

	"github.com/flowspec/flowspec/value"
)

// TestStorable: a Python object among what a resume needs is left out
// (its task runs again), plain data kept.
func TestStorable(t *testing.T) {
	got := storable(map[int32]any{1: int64(2), 3: []any{value.Opaque{Type: "numpy.ndarray"}}, 4: nil})
	if len(got) != 2 || got[1] != int64(2) {
		t.Fatalf("storable kept %v, want tasks 1 and 4", got)
	}
	if _, ok := got[4]; !ok {
		t.Fatalf("storable dropped a nil result: %v", got)
	}
}
