package flowspec_test

import (
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/flowspec/flowspec"
	"github.com/flowspec/flowspec/compiler"
	"github.com/flowspec/flowspec/compiler/optimize"
)

// BenchmarkValidateCompileSeed checks and compiles the seed flow
// (bench/seed.yaml, its n's default set to 10^3 ... 10^7) as `flowspec
// validate` (load, compile, lint) and `flowspec compile` (load, compile,
// optimize, print) do. Their maps over range(n) stay rule groups, so time
// and allocated bytes per operation should not grow with n, except for
// compile's default optimizer, which prints the batches a run would make
// (n/10^4 of them past 10^6 elements: batch's largest automatic batch);
// compile -O none prints the rule groups. The budget is raised only so
// that an eager compile (main's) could be compared at the same sizes.
func BenchmarkValidateCompileSeed(b *testing.B) {
	for _, n := range []int{1e3, 1e5, 1e6, 1e7} {
		file := seedFile(b, n)
		cfg := compiler.Config{MaxTasks: 4e7}
		b.Run(fmt.Sprintf("validate/n=%d", n), func(b *testing.B) {
			b.ReportAllocs()
			for range b.N {
				if ds := flowspec.ValidateAndLint(file, cfg, nil, nil); ds.HasErrors() {
					b.Fatal(ds)
				}
			}
		})
		for _, level := range []optimize.Level{optimize.LevelDefault, optimize.LevelNone} {
			b.Run(fmt.Sprintf("compile-O%s/n=%d", level, n), func(b *testing.B) {
				b.ReportAllocs()
				for range b.N {
					compileShown(b, file, n, level)
				}
			})
		}
	}
}

// compileShown is flowspec compile's work: load, compile lazily, optimize
// at level (none: not at all, the lazy graph is shown), write the graph.
func compileShown(b *testing.B, file string, n int, level optimize.Level) {
	flow, diags := flowspec.Load(file, nil)
	if diags.HasErrors() {
		b.Fatal(diags)
	}
	g, diags := flowspec.Compile(flow, compiler.Config{Seed: 1, Lazy: true, MaxTasks: 4e7})
	if diags.HasErrors() {
		b.Fatal(diags)
	}
	if level != optimize.LevelNone {
		var err error
		if g, _, err = flowspec.Optimize(g, nil, optimize.Options{Level: level, MaxTasks: 4e7}); err != nil {
			b.Fatal(err)
		}
	}
	if err := g.WriteJSON(io.Discard, false); err != nil || g.Elements() > 3*n+1 {
		b.Fatalf("write: %v; %d tasks from %d elements", err, g.Elements(), n)
	}
}

// seedFile writes bench/seed.yaml with n as its param's default.
func seedFile(b *testing.B, n int) string {
	src, err := os.ReadFile("bench/seed.yaml")
	if err != nil {
		b.Fatal(err)
	}
	text := strings.Replace(string(src), "  n: 10000\n", fmt.Sprintf("  n: %d\n", n), 1)
	if text == string(src) {
		b.Fatal("bench/seed.yaml no longer sets n: 10000")
	}
	file := filepath.Join(b.TempDir(), "seed.yaml")
	if err := os.WriteFile(file, []byte(text), 0o600); err != nil {
		b.Fatal(err)
	}
	return file
}
