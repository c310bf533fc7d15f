package flowdiff

import (
	"slices"
	"testing"
	"time"

	"github.com/flowspec/flowspec/builtins"
	"github.com/flowspec/flowspec/compiler"
	"github.com/flowspec/flowspec/spec"
)

// side parses and compiles a flow given as text.
func side(t *testing.T, name, src string) Side {
	t.Helper()
	reg := builtins.Default()
	flow, ds := spec.Parse(name, []byte(src), reg)
	if ds.HasErrors() {
		t.Fatalf("%s: %v", name, ds)
	}
	g, ds := compiler.Compile(flow, compiler.Config{Registry: reg, Seed: 1, Checking: true, RunID: "t", Scheduled: time.Unix(0, 0)})
	if ds.HasErrors() {
		t.Fatalf("%s: %v", name, ds)
	}
	return Side{Flow: flow, Graph: g}
}

// messages words the changes from old to new.
func messages(t *testing.T, old, new string) []string {
	t.Helper()
	var out []string
	for _, c := range Compare(side(t, "old.yaml", old), side(t, "new.yaml", new), time.Date(2026, 12, 1, 0, 0, 0, 0, time.UTC)) {
		out = append(out, c.Sign()+" "+c.Message())
	}
	return out
}

// TestCompare pins the wording of each kind of change that the CLI's
// scripts do not show.
func TestCompare(t *testing.T) {
	base := "version: 1\nname: f\ntasks:\n  a:\n    op: inc\n    with: {x: 1}\noutputs:\n  a: ${{ tasks.a }}\n"
	cases := []struct {
		name, old, new string
		want           []string
	}{
		{"reordered and respaced is no change", base,
			"name: f\nversion: 1\noutputs:\n  a: ${{tasks.a}}\ntasks:\n  a:\n    with: {x: 1}\n    op: inc\n", nil},
		{"a rename followed by the outputs", base,
			"version: 1\nname: f\ntasks:\n  b:\n    op: inc\n    with: {x: 1}\noutputs:\n  a: ${{ tasks.b }}\n",
			[]string{"~ task a renamed to b"}},
		{"schedule added", base, base + "schedule: {every: 1h, start: \"2026-12-01T00:30:00Z\"}\n",
			[]string{"+ schedule added (every 1h)"}},
		{"schedule removed", base + "schedule: {every: 1h}\n", base,
			[]string{"- schedule removed (every 1h)"}},
		{"mapped to unmapped", "version: 1\nname: f\ntasks:\n  a:\n    op: inc\n    map: {x: [1, 2, 3]}\n",
			"version: 1\nname: f\ntasks:\n  a:\n    op: inc\n    with: {x: 1}\n",
			[]string{"~ task a: argument x set to 1", "~ task a: mapped argument x removed (was [1,2,3])", "~ task a: 3 elements → not mapped"}},
		{"flow name, param type and executor", "version: 1\nname: f\nparams:\n  n: {type: int, default: 1}\ntasks:\n  a:\n    op: inc\n    with: {x: \"${{ params.n }}\"}\n",
			"version: 1\nname: g\nexecutor: {dask: {address: \"tcp://sched:8786\"}}\nparams:\n  n: {type: float, default: 1}\ntasks:\n  a:\n    op: inc\n    with: {x: \"${{ params.n }}\"}\n",
			[]string{"~ flow: name f → g", "~ flow: executor default → dask tcp://sched:8786", "~ param n: type int → float"}},
		{"output removed and dependency lost", "version: 1\nname: f\ntasks:\n  a:\n    op: inc\n    with: {x: 1}\n  b:\n    op: inc\n    with: {x: \"${{ tasks.a }}\"}\noutputs:\n  b: ${{ tasks.b }}\n",
			"version: 1\nname: f\ntasks:\n  a:\n    op: inc\n    with: {x: 1}\n  b:\n    op: inc\n    with: {x: 2}\n",
			[]string{"~ task b: argument x ${{ tasks.a }} → 2", "~ task b: no longer depends on a", "- output b removed (${{ tasks.b }})"}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			if got := messages(t, c.old, c.new); !slices.Equal(got, c.want) {
				t.Errorf("got  %q\nwant %q", got, c.want)
			}
		})
	}
}
