package optimize

import (
	"fmt"
	"os"
	"testing"

	"github.com/flowspec/flowspec/builtins"
	"github.com/flowspec/flowspec/compiler"
	"github.com/flowspec/flowspec/spec"
)

// BenchmarkOptimizeSeed1e5 optimizes the seed graph with 10^5 elements
// (3×10^5 + 1 tasks) at the default level.
func BenchmarkOptimizeSeed1e5(b *testing.B) { benchOptimizeSeed(b, 100_000) }

// BenchmarkOptimizeSeed1e6 optimizes the seed graph with 10^6 elements
// (3×10^6 + 1 tasks), the scale issue 5 asks for.
func BenchmarkOptimizeSeed1e6(b *testing.B) { benchOptimizeSeed(b, 1_000_000) }

func benchOptimizeSeed(b *testing.B, n int) {
	g, reg := seedGraph(b, n)
	var out *compiler.Graph
	b.ReportAllocs()
	b.ResetTimer()
	for range b.N {
		var err error
		out, _, err = Run(g, reg, Options{Threads: 2})
		if err != nil {
			b.Fatal(err)
		}
	}
	b.StopTimer()
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N)/float64(len(g.Tasks)), "ns/task")
	b.ReportMetric(float64(len(g.Tasks)), "tasks-before")
	b.ReportMetric(float64(len(out.Tasks)), "tasks-after")
}

// BenchmarkOptimizeCompiledSeed1e6 optimizes the seed flow as Compile
// builds it from YAML, with 10^6 elements.
func BenchmarkOptimizeCompiledSeed1e6(b *testing.B) {
	reg := builtins.Default()
	f, diags := spec.Parse("seed.yaml", []byte(seedYAML), reg)
	if diags.HasErrors() {
		b.Fatal(diags)
	}
	g, diags := compiler.Compile(f, compiler.Config{Registry: reg, Seed: 1, Params: map[string]any{"n": int64(1_000_000)}})
	if diags.HasErrors() {
		b.Fatal(diags)
	}
	var out *compiler.Graph
	b.ReportAllocs()
	b.ResetTimer()
	for range b.N {
		var err error
		if out, _, err = Run(g, reg, Options{Threads: 2}); err != nil {
			b.Fatal(err)
		}
	}
	b.StopTimer()
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N)/float64(len(g.Tasks)), "ns/task")
	b.ReportMetric(float64(len(g.Tasks)), "tasks-before")
	b.ReportMetric(float64(len(out.Tasks)), "tasks-after")
}

// BenchmarkOptimizeChain1e3 fuses a chain of 1,000 inc tasks into one, the
// case whose cost once grew exponentially with the chain's length.
func BenchmarkOptimizeChain1e3(b *testing.B) {
	bd := newBuilder(b)
	prev := bd.group("s0", "inc", -1, func(int) []compiler.Arg { return []compiler.Arg{num(0), zeroDelay()} })
	for i := 1; i < 1000; i++ {
		p := prev
		prev = bd.group(fmt.Sprintf("s%d", i), "inc", -1, func(int) []compiler.Arg { return []compiler.Arg{bd.elem(p, 0), zeroDelay()} })
	}
	bd.output("last", bd.elem(prev, 0))
	b.ReportAllocs()
	for range b.N {
		if _, _, err := Run(bd.g, bd.reg, Options{Threads: 2}); err != nil {
			b.Fatal(err)
		}
	}
}

// seedYAML is the seed flow without simulated delays, shared with the
// compile benchmark.
var seedYAML = mustRead("../testdata/seed-nodelay.yaml")

// mustRead returns a testdata file's text; benchmarks cannot run without it.
func mustRead(path string) string {
	b, err := os.ReadFile(path)
	if err != nil {
		panic(err)
	}
	return string(b)
}
