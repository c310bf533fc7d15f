package pyfunc

import (
	"context"
	"os/exec"
	"path/filepath"
	"testing"
	"time"
)

// BenchmarkCall measures the per-call cost of a trivial function (inc of
// testdata/mods/faults.py) on one persistent worker: the Go side's
// encoding, a round trip over the pipes and the worker's decode, call and
// reply. The worker is started before the timer. `make bench` reports
// µs/call beside BenchmarkProcessPerCall.
func BenchmarkCall(b *testing.B) {
	dir, _ := filepath.Abs("testdata/mods")
	p := New(Config{Interpreter: "python3", Source: "bench", Path: []string{dir}, CacheDir: b.TempDir(), Workers: 1})
	defer p.Close()
	op, err := p.Op("py:faults.inc")
	if err != nil {
		b.Fatal(err)
	}
	ctx := context.Background()
	if _, err := op.Go(ctx, []any{int64(0)}); err != nil { // starts the worker
		b.Fatal(err)
	}
	b.ResetTimer()
	start := time.Now()
	for i := range b.N {
		got, err := op.Go(ctx, []any{int64(i)})
		if err != nil || got != int64(i+1) {
			b.Fatalf("inc(%d) = %v, %v", i, got, err)
		}
	}
	reportPerCall(b, time.Since(start))
}

// BenchmarkProcessPerCall is what BenchmarkCall saves: one `python3 -c`
// per call that imports the module, calls the function and prints the
// result (the cheapest way to run Python without a kept worker).
func BenchmarkProcessPerCall(b *testing.B) {
	dir, _ := filepath.Abs("testdata/mods")
	start := time.Now()
	for range b.N {
		cmd := exec.Command("python3", "-c", "import sys, faults; print(faults.inc(1))")
		cmd.Dir = dir
		out, err := cmd.Output()
		if err != nil || string(out) != "2\n" {
			b.Fatalf("python3 -c: %q, %v", out, err)
		}
	}
	reportPerCall(b, time.Since(start))
}

// reportPerCall reports the wall time per call in µs, the unit the goal is
// stated in.
func reportPerCall(b *testing.B, elapsed time.Duration) {
	b.ReportMetric(float64(elapsed.Microseconds())/float64(b.N), "µs/call")
	b.ReportMetric(0, "ns/op")
}
