package flowspec_test

import (
	"context"
	goruntime "runtime"
	"testing"

	"github.com/flowspec/flowspec"
	"github.com/flowspec/flowspec/builtins"
	"github.com/flowspec/flowspec/dask/lower"
	"github.com/flowspec/flowspec/internal/testflow"
	"github.com/flowspec/flowspec/runtime"
)

// TestLongChainRunsInFlatMemory is the regression test for fused chains
// whose generated source grew exponentially with their length (29 MB at 12
// steps, out of memory at 20): a chain of 1,000 inc tasks compiles,
// optimizes into one task and runs in-process, and what the optimizer and
// the Dask lowering build grows linearly with the chain.
func TestLongChainRunsInFlatMemory(t *testing.T) {
	const n = 1000
	g := testflow.Optimized(t, testflow.Chain(n), 2)
	if len(g.Groups) != 1 || len(g.Tasks) != 1 {
		t.Fatalf("%d groups, %d tasks: want the chain fused into one task", len(g.Groups), len(g.Tasks))
	}
	prog, err := g.Program(builtins.Default(), g.Groups[0].Op)
	if err != nil {
		t.Fatal(err)
	}
	if len(prog.Calls) != n || len(prog.Params) != n+1 {
		t.Errorf("composite of %d calls and %d parameters, want %d and %d", len(prog.Calls), len(prog.Params), n, n+1)
	}
	res, err := flowspec.Run(context.Background(), g, runtime.NewLocal(nil, 2), nil)
	if err != nil {
		t.Fatal(err)
	}
	if len(res.Outputs) != 1 || res.Outputs[0].Value != int64(n) {
		t.Errorf("outputs %+v, want last = %d", res.Outputs, n)
	}
	half, full := chainCost(t, n/2), chainCost(t, n)
	if full.alloc > 3*half.alloc || full.source > 3*half.source || full.names > 3*half.names {
		t.Errorf("cost of %d steps %+v, of %d steps %+v: want it to grow linearly", n/2, half, n, full)
	}
}

// cost is what compiling and optimizing a chain allocates, and the size of
// its composite's Python source and of its operator names.
type cost struct{ alloc, source, names int }

func chainCost(t *testing.T, n int) cost {
	var before, after goruntime.MemStats
	goruntime.ReadMemStats(&before)
	g := testflow.Optimized(t, testflow.Chain(n), 2)
	goruntime.ReadMemStats(&after)
	op, ok := lower.Op(g, builtins.Default(), g.Groups[0].Op)
	if !ok || op.Python == "" {
		t.Fatalf("no Python for %s", g.Groups[0].Op)
	}
	c := cost{alloc: int(after.TotalAlloc - before.TotalAlloc), source: len(op.Python)}
	for name := range g.Composites {
		c.names += len(name)
	}
	return c
}
