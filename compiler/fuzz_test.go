package compiler_test

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/flowspec/flowspec/builtins"
	"github.com/flowspec/flowspec/compiler"
	"github.com/flowspec/flowspec/spec"
)

// FuzzCompile feeds flow files (seeded from every testdata flow) through
// parse and compile: neither may panic, a failed compile must say why, and a
// successful one must produce a Graph whose dependencies precede their
// dependents.
func FuzzCompile(f *testing.F) {
	for _, pattern := range []string{"testdata/golden/*.yaml", "../testdata/valid/*.yaml", "../testdata/invalid/*.yaml", "../examples/*.yaml"} {
		files, _ := filepath.Glob(pattern)
		for _, file := range files {
			if src, err := os.ReadFile(file); err == nil {
				f.Add(src)
			}
		}
	}
	reg := builtins.Default()
	f.Fuzz(func(t *testing.T, src []byte) {
		flow, diags := spec.Parse("fuzz.yaml", src, reg)
		if diags.HasErrors() {
			return
		}
		g, diags := compiler.Compile(flow, compiler.Config{Registry: reg, Seed: 1})
		if g == nil {
			if !diags.HasErrors() {
				t.Fatal("compile returned no graph and no error")
			}
			return
		}
		checkOrder(t, g)
	})
}

// checkOrder asserts every dependency comes before its dependent and every
// reference is also a dependency.
func checkOrder(t *testing.T, g *compiler.Graph) {
	for i, task := range g.Tasks {
		for _, d := range task.Deps {
			if int(d) >= i {
				t.Fatalf("task %s depends on later task %s", g.Key(i), g.Key(int(d)))
			}
		}
	}
}
