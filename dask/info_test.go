package dask

import (
	"path/filepath"
	"strings"
	"testing"

	"github.com/flowspec/flowspec/dask/internal/fixture"
	"github.com/flowspec/flowspec/dask/wire"
	"github.com/flowspec/flowspec/spec"
)

func sampleInfo() *ClusterInfo {
	return &ClusterInfo{
		Address: "tcp://127.0.0.1:8786", Distributed: "2026.8.0", Dask: "2026.8.0", Python: "3.11.9",
		Dialect: wire.DialectExpr.String(), Threads: 4, Memory: 3 << 30, Dashboard: "http://127.0.0.1:8787/status",
		WorkStealing: StealingOn,
		Workers: []WorkerInfo{
			{Address: "tcp://127.0.0.1:40001", Name: "0", Threads: 2, Memory: 3 << 29, Status: "running"},
			{Address: "tcp://127.0.0.1:40002", Name: "1", Threads: 2, Memory: 3 << 29, Status: "running"},
		},
	}
}

func TestRenderInfo(t *testing.T) {
	for _, format := range []string{"text", "json"} {
		t.Run(format, func(t *testing.T) {
			var b strings.Builder
			if err := RenderInfo(&b, sampleInfo(), format); err != nil {
				t.Fatal(err)
			}
			goldenText(t, filepath.Join("testdata", "info."+format), b.String())
		})
	}
	if err := RenderInfo(&strings.Builder{}, sampleInfo(), "yaml"); err == nil || err.Error() != `unknown output format "yaml": use text or json` {
		t.Errorf("yaml: %v", err)
	}
}

func TestCheckStealing(t *testing.T) {
	no := false
	yes := true
	flow := &spec.Flow{Tasks: []*spec.Task{
		{Name: "charge", Range: spec.Range{File: "flow.yaml", Start: spec.Pos{Line: 9, Column: 3}}, Options: spec.Options{Idempotent: &no}},
		{Name: "inc", Range: spec.Range{File: "flow.yaml", Start: spec.Pos{Line: 14, Column: 3}}, Options: spec.Options{Idempotent: &yes}},
	}}
	safe := &spec.Flow{Tasks: flow.Tasks[1:]}
	info := sampleInfo()

	if w, err := CheckStealing(info, flow); !strings.HasPrefix(w, "work stealing is on") || err == nil || err.Error() != "flow.yaml:9:3: task charge is marked idempotent: false, but work stealing is on at tcp://127.0.0.1:8786, so it may run twice; start the scheduler with DASK_DISTRIBUTED__SCHEDULER__WORK_STEALING=False, or run this flow with --executor local" {
		t.Errorf("stealing on, non-idempotent task: %v", err)
	}
	if w, err := CheckStealing(info, safe); err != nil || w != "work stealing is on at tcp://127.0.0.1:8786: a task may run twice; start the scheduler with DASK_DISTRIBUTED__SCHEDULER__WORK_STEALING=False" {
		t.Errorf("stealing on: %q, %v", w, err)
	}
	info.WorkStealing = StealingOff
	if w, err := CheckStealing(info, flow); w != "" || err != nil {
		t.Errorf("stealing off: %q, %v", w, err)
	}
	info.WorkStealing = StealingUnknown
	if w, err := CheckStealing(info, flow); err != nil || !strings.Contains(w, "cannot tell whether work stealing is on") || !strings.Contains(w, "[charge]") {
		t.Errorf("stealing unknown: %q, %v", w, err)
	}
	// defaults: idempotent: false applies to tasks that do not say otherwise
	withDefault := &spec.Flow{Tasks: []*spec.Task{{Name: "a"}}, Defaults: spec.Options{Idempotent: &no}}
	info.WorkStealing = StealingOn
	if _, err := CheckStealing(info, withDefault); err == nil {
		t.Error("defaults.idempotent: false was not applied")
	}
}

// goldenText compares got with the file at path, or rewrites it under -update.
func goldenText(t *testing.T, path, got string) {
	t.Helper()
	fixture.Golden(t, path, []byte(got))
}
