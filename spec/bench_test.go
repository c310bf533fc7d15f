package spec

import (
	"os"
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
