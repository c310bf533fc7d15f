package dask_test

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/flowspec/flowspec"
	"github.com/flowspec/flowspec/builtins"
	"github.com/flowspec/flowspec/compiler"
	"github.com/flowspec/flowspec/compiler/optimize"
	"github.com/flowspec/flowspec/dask"
	"github.com/flowspec/flowspec/dask/internal/testcluster"
	"github.com/flowspec/flowspec/dask/lower"
)

// TestLongChainOnDask runs a fused chain of 1,000 inc tasks on a real
// cluster: its composite's Python is one straight-line function of 1,000
// calls (it once grew exponentially with the chain, and nesting a call per
// step would pass Python's recursion limit), and the result is the chain's.
func TestLongChainOnDask(t *testing.T) {
	const n = 1000
	c := testcluster.Start(t, "current", testcluster.Options{Workers: 1, Threads: 1})
	g := chainGraph(t, n)
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

// chainGraph compiles and optimizes a flow of n inc tasks, each reading
// the one before.
func chainGraph(t *testing.T, n int) *compiler.Graph {
	t.Helper()
	var b strings.Builder
	b.WriteString("version: 1\nname: chain\ntasks:\n  s0:\n    op: inc\n    with:\n      x: 0\n")
	for i := 1; i < n; i++ {
		fmt.Fprintf(&b, "  s%d:\n    op: inc\n    with:\n      x: ${{ tasks.s%d }}\n", i, i-1)
	}
	fmt.Fprintf(&b, "outputs:\n  last: ${{ tasks.s%d }}\n", n-1)
	file := filepath.Join(t.TempDir(), "chain.yaml")
	if err := os.WriteFile(file, []byte(b.String()), 0o644); err != nil {
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
	og, _, err := flowspec.Optimize(g, nil, optimize.Options{Threads: 1})
	if err != nil {
		t.Fatal(err)
	}
	return og
}
