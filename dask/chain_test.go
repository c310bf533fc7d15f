package dask_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/flowspec/flowspec"
	"github.com/flowspec/flowspec/builtins"
	"github.com/flowspec/flowspec/dask"
	"github.com/flowspec/flowspec/dask/internal/testcluster"
	"github.com/flowspec/flowspec/dask/lower"
	"github.com/flowspec/flowspec/internal/testflow"
)

// TestLongChainOnDask runs a fused chain of 1,000 inc tasks on a real
// cluster: its composite's Python is one straight-line function of 1,000
// calls (it once grew exponentially with the chain, and nesting a call per
// step would pass Python's recursion limit), and the result is the chain's.
func TestLongChainOnDask(t *testing.T) {
	const n = 1000
	c := testcluster.Start(t, "current", testcluster.Options{Workers: 1, Threads: 1})
	g := testflow.Optimized(t, testflow.Chain(n), 1)
	if len(g.Tasks) != 1 {
		t.Fatalf("%d tasks, want the chain fused into one", len(g.Tasks))
	}
	op, ok := lower.Op(g, builtins.Default(), g.Groups[0].Op)
	if !ok || strings.Count(op.Python, "\n    _v") != n {
		t.Fatalf("composite source has %d calls, want %d", strings.Count(op.Python, "\n    _v"), n)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	res, err := flowspec.Run(ctx, g, &dask.Executor{Address: c.Address, Registry: builtins.Default()}, nil)
	if err != nil {
		t.Fatal(err)
	}
	if len(res.Outputs) != 1 || res.Outputs[0].Value != int64(n) {
		t.Errorf("outputs %+v, want last = %d", res.Outputs, n)
	}
}
