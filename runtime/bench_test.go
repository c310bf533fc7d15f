package runtime

import (
	"context"
	"fmt"
	"io"
	goruntime "runtime"
	"runtime/metrics"
	"sync/atomic"
	"syscall"
	"testing"
	"time"

	"github.com/flowspec/flowspec/compiler"
)

// benchGraph is inc[i] -> add[i] -> sum over n elements: 2n+1 trivial tasks.
func benchGraph(n int) *compiler.Graph {
	b := newGraph()
	inc := b.mapped("inc", "inc", n, func(i int) []compiler.Arg { return []compiler.Arg{c(int64(i))} })
	add := b.mapped("add", "add", n, func(i int) []compiler.Arg { return []compiler.Arg{ref(inc[i]), c(int64(i))} })
	b.output("total", ref(b.task("total", "sum", refs(add))))
	return b.graph()
}

func BenchmarkLocal(b *testing.B) {
	for _, n := range []int{5_000, 50_000, 500_000} {
		g := benchGraph(n)
		b.Run(fmt.Sprintf("tasks=%d", len(g.Tasks)), func(b *testing.B) { benchRun(b, g, nil) })
	}
}

// BenchmarkLocalSink measures the cost of events: a counting sink sees two
// per task.
func BenchmarkLocalSink(b *testing.B) {
	g := benchGraph(50_000)
	var n atomic.Int64
	benchRun(b, g, func(Event) { n.Add(1) })
}

// benchRun runs g b.N times and reports throughput and allocation per task.
func benchRun(b *testing.B, g *compiler.Graph, sink Sink) {
	reg, _ := newTestRegistry(b)
	ex := NewLocal(reg, 0)
	n := int64(len(g.Tasks) / 2)
	want := n*(n+1)/2 + n*(n-1)/2 // sum of (i+1)+i
	var before, after goruntime.MemStats
	goruntime.GC()
	goruntime.ReadMemStats(&before)
	cpu0 := cpuTime()
	b.ResetTimer()
	start := time.Now()
	for range b.N {
		res, err := ex.Run(context.Background(), g, sink)
		if err != nil || res.Outputs[0].Value != want {
			b.Fatalf("run: %v, total %v, want %d", err, res.Outputs[0].Value, want)
		}
	}
	elapsed := time.Since(start)
	b.StopTimer()
	cpu := cpuTime() - cpu0
	goruntime.ReadMemStats(&after)
	tasks := float64(len(g.Tasks)) * float64(b.N)
	b.ReportMetric(tasks/elapsed.Seconds(), "tasks/s")
	b.ReportMetric(float64(after.TotalAlloc-before.TotalAlloc)/tasks, "B/task")
	b.ReportMetric(float64(after.Mallocs-before.Mallocs)/tasks, "allocs/task")
	// CPU time per task is steadier than tasks/s on a machine shared with
	// other work: it does not count time spent waiting for a core.
	b.ReportMetric(float64(cpu.Nanoseconds())/tasks, "cpu-ns/task")
	b.ReportMetric(0, "ns/op")
}

// TestPeakMemoryPerTask samples the live heap while a 500,001-task graph runs
// and logs the peak per task beyond what the graph itself holds. It asserts
// only a generous bound (the budget is 1 KiB per task including the graph);
// the figure is for the record.
func TestPeakMemoryPerTask(t *testing.T) {
	g := benchGraph(250_000)
	reg, _ := newTestRegistry(t)
	goruntime.GC()
	base := heapLive()
	done := make(chan struct{})
	peak := make(chan uint64)
	go func() {
		var p uint64
		tick := time.NewTicker(time.Millisecond)
		defer tick.Stop()
		for {
			select {
			case <-done:
				peak <- p
				return
			case <-tick.C:
				p = max(p, heapLive())
			}
		}
	}()
	if _, err := NewLocal(reg, 0).Run(context.Background(), g, nil); err != nil {
		t.Fatal(err)
	}
	close(done)
	p := <-peak
	perTask := float64(p-min(p, base)) / float64(len(g.Tasks))
	t.Logf("graph: %.0f B/task held before the run; run: peak %.0f B/task above that", float64(base)/float64(len(g.Tasks)), perTask)
	if perTask+float64(base)/float64(len(g.Tasks)) > 1024 {
		t.Errorf("peak %.0f B/task over the 1 KiB budget", perTask)
	}
	goruntime.KeepAlive(g)
}

func heapLive() uint64 {
	s := []metrics.Sample{{Name: "/memory/classes/heap/objects:bytes"}}
	metrics.Read(s)
	return s[0].Value.Uint64()
}

// BenchmarkLocalProgress measures the plain progress reporter as the sink.
func BenchmarkLocalProgress(b *testing.B) {
	g := benchGraph(50_000)
	p := NewProgress(io.Discard, g, ProgressOptions{Mode: ProgressPlain})
	defer p.Close()
	benchRun(b, g, p.Sink())
}

// cpuTime is the process's user plus system CPU time so far.
func cpuTime() time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}
