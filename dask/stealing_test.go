package dask

import (
	"strings"
	"testing"

	"github.com/flowspec/flowspec/dask/client"
	"github.com/flowspec/flowspec/spec"
)

func TestCheckStealing(t *testing.T) {
	no := false
	yes := true
	flow := &spec.Flow{Tasks: []*spec.Task{
		{Name: "charge", Range: spec.Range{File: "flow.yaml", Start: spec.Pos{Line: 9, Column: 3}}, Options: spec.Options{Idempotent: &no}},
		{Name: "inc", Range: spec.Range{File: "flow.yaml", Start: spec.Pos{Line: 14, Column: 3}}, Options: spec.Options{Idempotent: &yes}},
	}}
	safe := &spec.Flow{Tasks: flow.Tasks[1:]}
	info := &client.ClusterInfo{Address: "tcp://127.0.0.1:8786", WorkStealing: client.StealingOn}

	if w, err := CheckStealing(info, flow); !strings.HasPrefix(w, "work stealing is on") || err == nil || err.Error() != "flow.yaml:9:3: task charge is marked idempotent: false, but work stealing is on at tcp://127.0.0.1:8786, so it may run twice; start the scheduler with DASK_DISTRIBUTED__SCHEDULER__WORK_STEALING=False, or run this flow with --executor local" {
		t.Errorf("stealing on, non-idempotent task: %v", err)
	}
	if w, err := CheckStealing(info, safe); err != nil || w != "work stealing is on at tcp://127.0.0.1:8786: a task may run twice; start the scheduler with DASK_DISTRIBUTED__SCHEDULER__WORK_STEALING=False" {
		t.Errorf("stealing on: %q, %v", w, err)
	}
	info.WorkStealing = client.StealingOff
	if w, err := CheckStealing(info, flow); w != "" || err != nil {
		t.Errorf("stealing off: %q, %v", w, err)
	}
	info.WorkStealing = client.StealingUnknown
	if w, err := CheckStealing(info, flow); err != nil || !strings.Contains(w, "cannot tell whether work stealing is on") || !strings.Contains(w, "[charge]") {
		t.Errorf("stealing unknown: %q, %v", w, err)
	}
	// defaults: idempotent: false applies to tasks that do not say otherwise
	withDefault := &spec.Flow{Tasks: []*spec.Task{{Name: "a"}}, Defaults: spec.Options{Idempotent: &no}}
	info.WorkStealing = client.StealingOn
	if _, err := CheckStealing(info, withDefault); err == nil {
		t.Error("defaults.idempotent: false was not applied")
	}
}
