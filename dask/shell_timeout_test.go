package dask

import (
	"context"
	"path/filepath"
	"testing"
	"time"

	"github.com/flowspec/flowspec/builtins"
	"github.com/flowspec/flowspec/compiler"
	"github.com/flowspec/flowspec/dask/client"
	"github.com/flowspec/flowspec/dask/internal/fixture"
)

// testShellTimeout: on a real cluster, a shell task past its timeout fails
// with TimeoutError and its grandchild does not survive on the worker.
func testShellTimeout(t *testing.T, addr string) {
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	pidFile := filepath.Join(t.TempDir(), "pid")
	b := fixture.NewGraph("shell-timeout")
	b.Group("slow", "shell", false, 1, compiler.Options{Timeout: 500 * time.Millisecond}, func(int) []compiler.Arg {
		return fixture.ShellArgs(fixture.GrandchildScript, map[string]any{"PIDFILE": pidFile})
	})
	e := &Executor{Address: addr, Registry: builtins.Default(), Options: client.DialOptions{Timeout: 5 * time.Second}}
	res, err := e.Run(ctx, b.G, nil)
	if err != nil {
		t.Fatal(err)
	}
	if len(res.Errors) != 1 || res.Errors[0].Message != "TimeoutError: timed out after 500ms" {
		t.Errorf("errors %v, counts %v", res.Errors, res.Counts)
	}
	fixture.AssertGone(t, pidFile)
}
