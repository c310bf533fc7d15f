package host_test

import (
	"context"
	"testing"
	"time"

	"github.com/flowspec/flowspec/plugin/host"
)

// BenchmarkPluginCall measures the per-call cost of a trivial plugin
// operator (echo of the Go test plugin) on one persistent process: the
// host's encoding, a round trip over the pipes, plugin.Serve's decode,
// call and answer. The process is started before the timer. `make bench`
// reports µs/call (goal ≤ 20).
func BenchmarkPluginCall(b *testing.B) {
	p := host.New(host.Plugin{Name: "f", Path: faulty, Where: "bench"}, host.Config{Workers: 1, CacheDir: b.TempDir()})
	defer p.Close()
	op, err := p.Op("f.echo")
	if err != nil {
		b.Fatal(err)
	}
	ctx := context.Background()
	if _, err := op.Go(ctx, []any{int64(0)}); err != nil { // starts the process
		b.Fatal(err)
	}
	b.ResetTimer()
	start := time.Now()
	for i := range b.N {
		if got, err := op.Go(ctx, []any{int64(i)}); err != nil || got != int64(i) {
			b.Fatalf("echo(%d) = %v, %v", i, got, err)
		}
	}
	b.ReportMetric(float64(time.Since(start).Nanoseconds())/1e3/float64(b.N), "µs/call")
	b.ReportMetric(0, "ns/op")
}
