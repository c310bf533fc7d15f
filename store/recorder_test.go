package store

import (
	"bytes"
	"context"
	"fmt"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/flowspec/flowspec"
	"github.com/flowspec/flowspec/compiler"
	"github.com/flowspec/flowspec/runtime"
)

// recordedFlow: 500 persisted successes, 2 failures (x = 0) and the
// elements downstream of them skipped.
const recordedFlow = `version: 1
name: recorded
tasks:
  inc:
    op: inc
    persist: true
    map:
      x: ${{ range(500) }}
  div:
    op: div
    map:
      x: ${{ tasks.inc }}
      y: ${{ range(500) | map(# % 250) }}
  after:
    op: inc
    map:
      x: ${{ tasks.div }}
`

// TestRecorderRecordsRun: a run recorded through Watch (events in
// batches) is stored with each group's counts, done bits and times, each
// failure, and each persisted value.
func TestRecorderRecordsRun(t *testing.T) {
	eachBackend(t, func(t *testing.T, loc string) {
		ctx := context.Background()
		s := openAt(t, loc)
		g := compileText(t, recordedFlow)
		rec, err := NewRecorder(ctx, s, testRun("rec-1", "recorded", time.Now()), g, nil, nil)
		if err != nil {
			t.Fatal(err)
		}
		res, err := flowspec.Run(rec.Watch(ctx), g, runtime.NewLocal(nil, 2), nil)
		if err != nil {
			t.Fatal(err)
		}
		if err := rec.Finish(ctx, res, nil); err != nil {
			t.Fatal(err)
		}
		d, err := s.Get(ctx, "rec-1")
		if err != nil {
			t.Fatal(err)
		}
		want := map[string]Counts{"inc": {Success: 500}, "div": {Success: 498, Failed: 2}, "after": {Success: 498, Skipped: 2}}
		for _, gr := range d.Groups {
			w, ok := want[gr.Name]
			if !ok {
				continue
			}
			delete(want, gr.Name)
			_, done := gr.Done.Members(0)
			if gr.Counts != w || done != w.Success || gr.Started.IsZero() || gr.Ended.Before(gr.Started) {
				t.Errorf("group %s: counts %+v, %d done, %v to %v; want %+v and as many done", gr.Name, gr.Counts, done, gr.Started, gr.Ended, w)
			}
		}
		if len(want) > 0 || len(d.Failures) != 2 || len(d.Results) != 500 || d.State != StateFailed {
			t.Fatalf("groups missing %v, %d failures, %d results, state %s; want 2 failures, 500 results, failed", want, len(d.Failures), len(d.Results), d.State)
		}
		if d.Failures[0].Key != "div[0]" && d.Failures[0].Key != "div[250]" {
			t.Errorf("failure %+v, want div[0] or div[250]", d.Failures[0])
		}
	})
}

// compileText compiles a flow given as YAML text, unoptimized.
func compileText(t *testing.T, text string) *compiler.Graph {
	t.Helper()
	file := filepath.Join(t.TempDir(), "flow.yaml")
	if err := os.WriteFile(file, []byte(text), 0o644); err != nil {
		t.Fatal(err)
	}
	flow, diags := flowspec.Load(file, nil)
	if diags.HasErrors() {
		t.Fatal(diags)
	}
	g, diags := flowspec.Compile(flow, compiler.Config{Seed: 1})
	if diags.HasErrors() {
		t.Fatal(diags)
	}
	return g
}

// TestRecorderRecordsRunWithSink: a run with a Sink, whose successes reach
// the recorder through runtime.Successes while the sink gets their events,
// is recorded with the same counts and done bits as without.
func TestRecorderRecordsRunWithSink(t *testing.T) {
	ctx := context.Background()
	s := openAt(t, filepath.Join(t.TempDir(), "runs.db"))
	g := compileText(t, recordedFlow)
	var record [2][]Group
	for k, sink := range []runtime.Sink{nil, func(runtime.Event) {}} {
		id := fmt.Sprintf("rec-%d", k)
		rec, err := NewRecorder(ctx, s, testRun(id, "recorded", time.Now()), g, nil, nil)
		if err != nil {
			t.Fatal(err)
		}
		res, err := flowspec.Run(rec.Watch(ctx), g, runtime.NewLocal(nil, 2), sink)
		if err != nil {
			t.Fatal(err)
		}
		if err := rec.Finish(ctx, res, nil); err != nil {
			t.Fatal(err)
		}
		d, err := s.Get(ctx, id)
		if err != nil {
			t.Fatal(err)
		}
		record[k] = d.Groups
	}
	if len(record[0]) != len(record[1]) || len(record[0]) == 0 {
		t.Fatalf("%d groups without a sink, %d with", len(record[0]), len(record[1]))
	}
	for i, a := range record[0] {
		b := record[1][i]
		if a.Name != b.Name || a.Counts != b.Counts || !bytes.Equal(a.Done, b.Done) {
			t.Errorf("group %s: %+v done %x without a sink, %s: %+v done %x with", a.Name, a.Counts, a.Done, b.Name, b.Counts, b.Done)
		}
	}
}
