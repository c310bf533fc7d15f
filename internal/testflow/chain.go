// Package testflow builds flows that tests in several packages share, so a
// regression flow is written once: it is test support, imported only by
// _test.go files.
package testflow

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/flowspec/flowspec"
	"github.com/flowspec/flowspec/compiler"
	"github.com/flowspec/flowspec/compiler/optimize"
)

// Chain is the YAML of a flow of n inc tasks, each reading the one before,
// whose output `last` is n: the shape whose fused source once grew
// exponentially with n.
func Chain(n int) string {
	var b strings.Builder
	b.WriteString("version: 1\nname: chain\ntasks:\n  s0:\n    op: inc\n    with:\n      x: 0\n")
	for i := 1; i < n; i++ {
		fmt.Fprintf(&b, "  s%d:\n    op: inc\n    with:\n      x: ${{ tasks.s%d }}\n", i, i-1)
	}
	fmt.Fprintf(&b, "outputs:\n  last: ${{ tasks.s%d }}\n", n-1)
	return b.String()
}

// Optimized writes flow to a file, then loads, compiles (seed 1) and
// optimizes it for the given threads with the built-in operators, failing
// t on any error.
func Optimized(t testing.TB, flow string, threads int) *compiler.Graph {
	t.Helper()
	file := filepath.Join(t.TempDir(), "flow.yaml")
	if err := os.WriteFile(file, []byte(flow), 0o644); err != nil {
		t.Fatal(err)
	}
	f, diags := flowspec.Load(file, nil)
	if diags.HasErrors() {
		t.Fatal(diags)
	}
	g, diags := flowspec.Compile(f, compiler.Config{Seed: 1})
	if diags.HasErrors() {
		t.Fatal(diags)
	}
	og, _, err := flowspec.Optimize(g, nil, optimize.Options{Threads: threads})
	if err != nil {
		t.Fatal(err)
	}
	return og
}
