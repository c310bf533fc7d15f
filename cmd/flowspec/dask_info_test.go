package main

import (
	"bytes"
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/flowspec/flowspec/dask/client"
	"github.com/flowspec/flowspec/dask/wire"
)

var update = flag.Bool("update", false, "rewrite golden files in testdata")

func sampleInfo() *client.ClusterInfo {
	return &client.ClusterInfo{
		Address: "tcp://127.0.0.1:8786", Distributed: "2026.8.0", Dask: "2026.8.0", Python: "3.11.9",
		Dialect: wire.DialectExpr.String(), Threads: 4, Memory: 3 << 30, Dashboard: "http://127.0.0.1:8787/status",
		WorkStealing: client.StealingOn,
		Workers: []client.WorkerInfo{
			{Address: "tcp://127.0.0.1:40001", Name: "0", Threads: 2, Memory: 3 << 29, Status: "running"},
			{Address: "tcp://127.0.0.1:40002", Name: "1", Threads: 2, Memory: 3 << 29, Status: "running"},
		},
	}
}

func TestRenderInfo(t *testing.T) {
	for _, format := range []string{"text", "json"} {
		t.Run(format, func(t *testing.T) {
			var b strings.Builder
			if err := renderInfo(&b, sampleInfo(), format); err != nil {
				t.Fatal(err)
			}
			golden(t, filepath.Join("testdata", "dask-info."+format), b.String())
		})
	}
	if err := renderInfo(&strings.Builder{}, sampleInfo(), "yaml"); err == nil || err.Error() != `unknown output format "yaml": use text or json` {
		t.Errorf("yaml: %v", err)
	}
}

// golden compares got with the file at path, or rewrites it under -update.
func golden(t *testing.T, path, got string) {
	t.Helper()
	if *update {
		if err := os.WriteFile(path, []byte(got), 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run go test ./cmd/flowspec -run %s -update)", err, t.Name())
	}
	if !bytes.Equal([]byte(got), want) {
		t.Errorf("%s differs from the golden file; run with -update and review the diff\ngot:\n%s", path, got)
	}
}
