package compiler_test

import (
	"fmt"
	"os"
	"testing"

	"github.com/flowspec/flowspec/builtins"
	"github.com/flowspec/flowspec/compiler"
	"github.com/flowspec/flowspec/spec"
)

// BenchmarkCompileSeed compiles the seed flow (no delays) at 10^4..10^6
// elements and reports the cost per compiled task.
func BenchmarkCompileSeed(b *testing.B) {
	src, err := os.ReadFile("testdata/seed-nodelay.yaml")
	if err != nil {
		b.Fatal(err)
	}
	flow, diags := spec.Parse("seed.yaml", src, builtins.Default())
	if diags.HasErrors() {
		b.Fatal(diags)
	}
	for _, n := range []int64{1e4, 1e5, 1e6} {
		b.Run(fmt.Sprintf("n=%d", n), func(b *testing.B) {
			b.ReportAllocs()
			var tasks int
			for i := 0; i < b.N; i++ {
				g, diags := compiler.Compile(flow, compiler.Config{Params: map[string]any{"n": n}, Seed: 1})
				if diags.HasErrors() {
					b.Fatal(diags)
				}
				tasks = len(g.Tasks)
			}
			b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N*tasks), "ns/task")
		})
	}
}
