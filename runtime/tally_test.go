package runtime

import (
	"reflect"
	"testing"

	"github.com/flowspec/flowspec/compiler"
)

// TestTallyCountsLastStates counts each task by its last event: a retried
// task that then succeeded is a success, a task with no end yet is left out.
func TestTallyCountsLastStates(t *testing.T) {
	g := &compiler.Graph{
		Groups: []*compiler.Group{{Name: "a"}, {Name: "b"}},
		Tasks:  []compiler.Task{{Group: 0}, {Group: 0}, {Group: 1}},
	}
	tally := NewTally(g)
	var passed int
	sink := tally.Sink(func(Event) { passed++ })
	for _, e := range []Event{{Task: 0, State: Running}, {Task: 0, State: Retrying}, {Task: 0, State: Success}, {Task: 1, State: Failed}, {Task: 2, State: Running}} {
		sink(e)
	}
	want := map[string]map[string]int{"a": {"success": 1, "failed": 1}}
	if got := tally.Groups(); !reflect.DeepEqual(got, want) || passed != 5 {
		t.Errorf("groups %v (%d events passed on), want %v (5)", got, passed, want)
	}
}
