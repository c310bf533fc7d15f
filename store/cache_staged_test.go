package store

import (
	"context"
	"fmt"
	"testing"
	"time"

	"github.com/flowspec/flowspec/builtins"
	"github.com/flowspec/flowspec/compiler"
	"github.com/flowspec/flowspec/runtime"
	"github.com/flowspec/flowspec/spec"
)

// stagedFlow caches fetch, whose arguments are src's results; other runs
// beside, reading nothing.
const stagedFlow = `version: 1
name: staged
tasks:
  other:
    op: inc
    with: {x: 0}
  src:
    op: inc
    map: {x: [1, 2]}
  fetch:
    op: inc
    cache: {key: v1}
    map: {x: "${{ tasks.src }}"}
  total:
    op: sum
    with: {values: "${{ tasks.fetch }}"}
outputs:
  total: ${{ tasks.total }}
  other: ${{ tasks.other }}
`

// TestStaged runs a graph with runtime-cached elements in two stages, as
// Dask runs it (here on the in-process executor): events name the whole
// graph's tasks, each once; the second run takes fetch from the cache,
// never running it, and the result is the whole run's.
func TestStaged(t *testing.T) {
	reg := builtins.Default()
	f, diags := spec.Parse("staged.yaml", []byte(stagedFlow), reg)
	if diags.HasErrors() {
		t.Fatal(diags)
	}
	g, diags := compiler.Compile(f, compiler.Config{Registry: reg})
	if diags.HasErrors() {
		t.Fatal(diags)
	}
	s := openAt(t, sqliteLoc(t))
	for n := range 2 {
		res, finals, cached := runStaged(t, s, g, fmt.Sprint("run", n))
		if !res.OK() || res.Counts[runtime.Success] != len(g.Tasks) || res.Outputs[0].Value != int64(7) || res.Outputs[1].Value != int64(1) {
			t.Fatalf("run %d: counts %v outputs %+v", n+1, res.Counts, res.Outputs)
		}
		for i := range g.Tasks {
			if finals[int32(i)] != 1 {
				t.Fatalf("run %d: task %s has %d final events, want 1", n+1, g.Key(i), finals[int32(i)])
			}
		}
		if want := 2 * n; len(cached) != want {
			t.Fatalf("run %d: cached %v, want %d elements of fetch", n+1, cached, want)
		}
	}
}

// runStaged runs g staged, recorded as run id, and reports the Result,
// each task's final events and the keys of cached successes.
func runStaged(t *testing.T, s Store, g *compiler.Graph, id string) (*runtime.Result, map[int32]int, []string) {
	t.Helper()
	ctx := context.Background()
	rec, err := NewRecorder(ctx, s, testRun(id, "staged", time.Now()), g, nil, nil)
	if err != nil {
		t.Fatal(err)
	}
	finals := map[int32]int{}
	var cached []string
	sink := func(ev runtime.Event) {
		if ev.State.Final() {
			finals[ev.Task]++
		}
		if ev.Cached {
			cached = append(cached, g.Key(int(ev.Task)).String())
		}
	}
	res, err := Staged(runtime.NewLocal(nil, 2), rec, nil).Run(rec.Watch(ctx), g, sink)
	if err != nil {
		t.Fatal(err)
	}
	if err := rec.Finish(ctx, res, nil); err != nil {
		t.Fatal(err)
	}
	return res, finals, cached
}
