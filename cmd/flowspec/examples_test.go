package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// exampleFlows lists every flow under examples/, as paths from the
// repository root.
func exampleFlows(t *testing.T) []string {
	t.Helper()
	var flows []string
	err := filepath.WalkDir("../../examples", func(path string, d os.DirEntry, err error) error {
		if err == nil && !d.IsDir() && strings.HasSuffix(path, ".yaml") {
			flows = append(flows, strings.TrimPrefix(filepath.ToSlash(path), "../../"))
		}
		return err
	})
	if err != nil || len(flows) < 8 {
		t.Fatalf("examples/: %d flows (%v), want at least 8", len(flows), err)
	}
	return flows
}

// TestEveryExampleRuns fails when an example is not run by examples.txtar,
// so no example goes stale unnoticed.
func TestEveryExampleRuns(t *testing.T) {
	script, err := os.ReadFile("testdata/script/examples.txtar")
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range exampleFlows(t) {
		if !strings.Contains(string(script), " $REPO/"+f+"\n") {
			t.Errorf("%s is not run by testdata/script/examples.txtar; add it with its expected output", f)
		}
	}
}
