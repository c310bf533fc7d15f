package spec

import (
	"fmt"
	"os"
	"strings"
	"testing"

	"github.com/flowspec/flowspec/builtins"
)

// BenchmarkParseSeed measures the whole front end (YAML, schema, decoding,
// semantic checks) on the seed flow.
func BenchmarkParseSeed(b *testing.B) {
	src, err := os.ReadFile("../examples/dask-example.yaml")
	if err != nil {
		b.Fatal(err)
	}
	reg := builtins.Default()
	b.ReportAllocs()
	for b.Loop() {
		if _, ds := Parse("dask-example.yaml", src, reg); len(ds) > 0 {
			b.Fatal(ds)
		}
	}
}

// BenchmarkCompileSchema measures the one-time cost every process pays on
// its first Parse: compiling the embedded schema.
func BenchmarkCompileSchema(b *testing.B) {
	for b.Loop() {
		if _, err := compileFlowSchema(); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkParseLarge parses a generated flow of 2000 chained tasks, to keep
// the front end linear in the size of a flow.
func BenchmarkParseLarge(b *testing.B) {
	var src strings.Builder
	src.WriteString("version: 1\nparams: {n: 10}\ntasks:\n  t0: {op: range, with: {stop: \"${{ params.n }}\"}}\n")
	for i := 1; i < 2000; i++ {
		fmt.Fprintf(&src, "  t%d:\n    op: inc\n    map: {x: \"${{ tasks.t%d }}\"}\n    with: {delay: 0}\n    retries: 1\n", i, i-1)
	}
	reg := builtins.Default()
	b.ReportAllocs()
	for b.Loop() {
		if _, ds := Parse("large.yaml", []byte(src.String()), reg); len(ds) > 0 {
			b.Fatal(ds[0].Error())
		}
	}
}
