package compiler_test

import (
	"bytes"
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/flowspec/flowspec/builtins"
	"github.com/flowspec/flowspec/compiler"
	"github.com/flowspec/flowspec/spec"
)

var update = flag.Bool("update", false, "rewrite golden files")

// compileFile parses and compiles a flow from testdata.
func compileFile(t *testing.T, path string, params map[string]any) (*compiler.Graph, spec.Diagnostics) {
	t.Helper()
	src, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	flow, diags := spec.Parse(filepath.ToSlash(path), src, builtins.Default())
	if diags.HasErrors() {
		t.Fatalf("parse %s:\n%s", path, diags.Error())
	}
	return compiler.Compile(flow, compiler.Config{Seed: 7, Params: params, RunID: "run-1", Scheduled: time.Date(2026, 1, 2, 3, 4, 5, 0, time.UTC)})
}

// TestGolden compiles every testdata/golden/*.yaml and compares the task-level
// JSON view with its .golden file (go test ./compiler -update rewrites them).
func TestGolden(t *testing.T) {
	files, _ := filepath.Glob("testdata/golden/*.yaml")
	if len(files) == 0 {
		t.Fatal("no golden inputs")
	}
	for _, f := range files {
		t.Run(filepath.Base(f), func(t *testing.T) {
			g, diags := compileFile(t, f, nil)
			var got bytes.Buffer
			if diags.HasErrors() {
				got.WriteString(diags.Error() + "\n")
			} else if err := g.WriteJSON(&got, true); err != nil {
				t.Fatal(err)
			}
			golden := strings.TrimSuffix(f, ".yaml") + ".golden"
			if *update {
				if err := os.WriteFile(golden, got.Bytes(), 0o644); err != nil {
					t.Fatal(err)
				}
				return
			}
			want, err := os.ReadFile(golden)
			if err != nil {
				t.Fatalf("%v (run go test ./compiler -update)", err)
			}
			if got.String() != string(want) {
				t.Errorf("graph differs from %s (go test ./compiler -update to accept):\n%s", golden, got.String())
			}
		})
	}
}
