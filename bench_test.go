package flowspec_test

import (
	"context"
	"fmt"
	goruntime "runtime"
	"runtime/metrics"
	"testing"
	"time"

	"github.com/flowspec/flowspec"
	"github.com/flowspec/flowspec/builtins"
	"github.com/flowspec/flowspec/compiler"
	"github.com/flowspec/flowspec/compiler/optimize"
	"github.com/flowspec/flowspec/runtime"
	"github.com/flowspec/flowspec/spec"
)

// BenchmarkCompileOptimizeSeed compiles and optimizes the seed flow without
// delays (bench/seed.yaml) at 10^5 and 10^6 elements, eagerly (one task
// per element, as for Dask) and lazily (rule groups, as flowspec run does
// in process), and reports the cost per element: the lazy figures should
// not grow with n until the executor runs the graph.
func BenchmarkCompileOptimizeSeed(b *testing.B) {
	flow := seedFlow(b)
	for _, n := range []int64{1e5, 1e6} {
		for _, lazy := range []bool{false, true} {
			b.Run(fmt.Sprintf("n=%d/lazy=%v", n, lazy), func(b *testing.B) {
				b.ReportAllocs()
				for range b.N {
					compileOptimize(b, flow, n, lazy)
				}
				b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N)/float64(n), "ns/element")
			})
		}
	}
}

// BenchmarkRunSeed runs the seed flow in process end to end (compile
// lazily, optimize, run on runtime.Local) at 10^6 and 10^7 elements and
// reports the peak live heap per element, sampled every millisecond.
func BenchmarkRunSeed(b *testing.B) {
	flow := seedFlow(b)
	for _, n := range []int64{1e6, 1e7} {
		b.Run(fmt.Sprintf("n=%d", n), func(b *testing.B) {
			var peak uint64
			for range b.N {
				goruntime.GC()
				stop := sampleHeap(&peak)
				g := compileOptimize(b, flow, n, true)
				res, err := flowspec.Run(context.Background(), g, runtime.NewLocal(nil, 0), nil)
				stop()
				if err != nil || res.Outputs[0].Value != n*(n-1) {
					b.Fatalf("run: %v, total %v, want %d", err, res.Outputs[0].Value, n*(n-1))
				}
			}
			b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N)/float64(n), "ns/element")
			b.ReportMetric(float64(peak)/float64(n), "peak-B/element")
		})
	}
}

func seedFlow(b *testing.B) *spec.Flow {
	flow, diags := flowspec.Load("bench/seed.yaml", builtins.Default())
	if diags.HasErrors() {
		b.Fatal(diags)
	}
	return flow
}

func compileOptimize(b *testing.B, flow *spec.Flow, n int64, lazy bool) *compiler.Graph {
	g, diags := flowspec.Compile(flow, compiler.Config{Seed: 1, Lazy: lazy, MaxTasks: 4e7, Params: map[string]any{"n": n}})
	if diags.HasErrors() {
		b.Fatal(diags)
	}
	g, _, err := flowspec.Optimize(g, nil, optimize.Options{})
	if err != nil {
		b.Fatal(err)
	}
	return g
}

// sampleHeap records the largest live heap into peak until stop is called.
func sampleHeap(peak *uint64) (stop func()) {
	done := make(chan struct{})
	finished := make(chan struct{})
	go func() {
		defer close(finished)
		s := []metrics.Sample{{Name: "/memory/classes/heap/objects:bytes"}}
		tick := time.NewTicker(time.Millisecond)
		defer tick.Stop()
		for {
			select {
			case <-done:
				return
			case <-tick.C:
				metrics.Read(s)
				*peak = max(*peak, s[0].Value.Uint64())
			}
		}
	}()
	return func() { close(done); <-finished }
}
