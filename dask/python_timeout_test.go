package dask

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/flowspec/flowspec/dask/internal/testcluster"
	"github.com/flowspec/flowspec/internal/clitest"
)

// lateModule's function waits for a go file the test writes only after the
// run has ended, then writes late; ended is written whichever way it stops.
const lateModule = `import os
import time


def late(dir):
    try:
        while not os.path.exists(os.path.join(dir, "go")):
            time.sleep(0.01)
        with open(os.path.join(dir, "late"), "w") as f:
            f.write("written after the task timed out")
    except Exception:
        pass  # a function's own except Exception must not stop the timeout
    finally:
        with open(os.path.join(dir, "ended"), "w") as f:
            f.write("done")
`

// TestPythonTimeoutStopsCall runs the real binary on real clusters (the
// current and the oldest distributed) with a py: function that times out:
// the run fails with the timeout, and the function is stopped, so the side
// effect it would have had after the timeout (released only once the run
// has ended) never happens. The test waits for the function's finally:
// block, which runs however it stops, before looking.
func TestPythonTimeoutStopsCall(t *testing.T) {
	bin := clitest.Build(t)
	for _, venv := range []string{"current", "oldest"} {
		t.Run(venv, func(t *testing.T) {
			cl := testcluster.Start(t, venv, testcluster.Options{Workers: 1, Threads: 1})
			dir := t.TempDir()
			flow := "version: 1\nname: late\ntasks:\n  late:\n    op: py:slowmod.late\n    with:\n      dir: " + dir + "\n    timeout: 500ms\n"
			writeFile(t, filepath.Join(dir, "flow.yaml"), flow)
			writeFile(t, filepath.Join(dir, "slowmod.py"), lateModule)
			r := clitest.Run(t, bin, dir, []string{"run", "--address", cl.Address, "flow.yaml"}, []string{"XDG_CACHE_HOME=" + dir})
			if r.Code != 1 || !strings.Contains(r.Stderr, "task late (py:slowmod.late): TimeoutError: timed out after 500ms") {
				t.Fatalf("exit %d, want 1 with the timeout:\n%s", r.Code, r.Stderr)
			}
			writeFile(t, filepath.Join(dir, "go"), "")
			waitForFile(t, filepath.Join(dir, "ended"), cl)
			if data, err := os.ReadFile(filepath.Join(dir, "late")); err == nil {
				t.Errorf("the function ran on after its timeout and wrote %q", data)
			}
		})
	}
}

func writeFile(t *testing.T, path, data string) {
	t.Helper()
	if err := os.WriteFile(path, []byte(data), 0o644); err != nil {
		t.Fatal(err)
	}
}

// waitForFile waits until path exists: an event the test needs before it
// can look, not a timing it asserts. It gives up after a minute.
func waitForFile(t *testing.T, path string, cl *testcluster.Cluster) {
	t.Helper()
	for deadline := time.Now().Add(time.Minute); time.Now().Before(deadline); time.Sleep(20 * time.Millisecond) {
		if _, err := os.Stat(path); err == nil {
			return
		}
	}
	t.Fatalf("%s never appeared: the function neither stopped nor finished\n%s", path, cl.Logs())
}
