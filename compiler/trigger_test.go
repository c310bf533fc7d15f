package compiler

import (
	"testing"

	"github.com/flowspec/flowspec/spec"
)

// TestTriggerSpelling keeps the Graph's triggers in step with the ones spec
// accepts: copyOptions converts by spelling, so each must convert to the
// Graph constant of the same name.
func TestTriggerSpelling(t *testing.T) {
	for from, want := range map[spec.Trigger]Trigger{
		spec.AllSuccess: TriggerAllSuccess,
		spec.AllDone:    TriggerAllDone,
		spec.AnyFailed:  TriggerAnyFailed,
	} {
		if got := Trigger(from); got != want {
			t.Errorf("Trigger(%s) = %s, want %s", from, got, want)
		}
	}
}
