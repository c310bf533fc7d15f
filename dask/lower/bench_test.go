package lower

import (
	"fmt"
	"testing"

	"github.com/flowspec/flowspec/dask/internal/fixture"
)

// BenchmarkLower measures lowering plus pickling of the seed flow's shape
// (three maps and a sum) per task: ns/task and bytes of pickle per task are
// reported as custom metrics.
func BenchmarkLower(b *testing.B) {
	reg := fixture.Registry(b)
	for _, n := range []int{3_333, 33_333} { // about 10^4 and 10^5 tasks
		g := fixture.Seed(n)
		b.Run(fmt.Sprintf("tasks=%d", len(g.Tasks)), func(b *testing.B) {
			b.ReportAllocs()
			var size int
			for b.Loop() {
				l, err := Lower(g, reg, Form{Expr: true})
				if err != nil {
					b.Fatal(err)
				}
				size = len(l.Pickle)
			}
			b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N)/float64(len(g.Tasks)), "ns/task")
			b.ReportMetric(float64(size)/float64(len(g.Tasks)), "pickle-B/task")
		})
	}
}
