package compiler

import (
	"testing"
)

// BenchmarkOptimizeSeed1e5 optimizes the seed graph with 10^5 elements
// (3×10^5 + 1 tasks) at the default level.
func BenchmarkOptimizeSeed1e5(b *testing.B) { benchOptimizeSeed(b, 100_000) }

// BenchmarkOptimizeSeed1e6 optimizes the seed graph with 10^6 elements
// (3×10^6 + 1 tasks), the scale issue 5 asks for.
func BenchmarkOptimizeSeed1e6(b *testing.B) { benchOptimizeSeed(b, 1_000_000) }

func benchOptimizeSeed(b *testing.B, n int) {
	g, reg := seedGraph(b, n)
	var out *Graph
	b.ReportAllocs()
	b.ResetTimer()
	for range b.N {
		var err error
		out, _, err = Optimize(g, reg, OptimizeOptions{Threads: 2})
		if err != nil {
			b.Fatal(err)
		}
	}
	b.StopTimer()
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N)/float64(len(g.Tasks)), "ns/task")
	b.ReportMetric(float64(len(g.Tasks)), "tasks-before")
	b.ReportMetric(float64(len(out.Tasks)), "tasks-after")
}
