package compiler

import (
	"testing"

	"github.com/flowspec/flowspec/spec"
)

// TestTriggerOf keeps the Graph's triggers in step with the ones spec
// accepts: each converts to the Graph constant of the same name.
func TestTriggerOf(t *testing.T) {
	for from, want := range map[spec.Trigger]Trigger{
		spec.AllSuccess: TriggerAllSuccess,
		spec.AllDone:    TriggerAllDone,
		spec.AnyFailed:  TriggerAnyFailed,
	} {
		if got := triggerOf(from); got != want {
			t.Errorf("triggerOf(%s) = %s, want %s", from, got, want)
		}
	}
}
