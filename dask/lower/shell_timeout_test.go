package lower

import (
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/flowspec/flowspec/builtins"
	"github.com/flowspec/flowspec/dask/internal/fixture"
)

// TestShellTimeoutWrapperKillsGroup runs the shell twin inside the task
// wrapper the lowering uses (call, with a timeout), in python3: the wrapper
// raises TimeoutError and the twin, told through the thread's
// flowspec_cancel event, kills its process group.
func TestShellTimeoutWrapperKillsGroup(t *testing.T) {
	op, _ := builtins.Default().Lookup("shell")
	pidFile := filepath.Join(t.TempDir(), "pid")
	script := runtimeSource + "\n" + `
import sys, time
ns = {}
exec(compile(sys.argv[1], "shell.py", "exec"), ns)
try:
    call(ns["shell"], True, 0.3, 0, 0.0, 1.0, [], sys.argv[2], {"PIDFILE": sys.argv[3]})
except TimeoutError as e:
    print("TimeoutError: " + str(e))
time.sleep(1)  # a worker lives on after the task; give the thread its moment
`
	out, err := exec.Command("python3", "-c", script, op.Python, fixture.GrandchildScript, pidFile).CombinedOutput()
	if err != nil || strings.TrimSpace(string(out)) != "TimeoutError: timed out after 300ms" {
		t.Fatalf("python3: %v\n%s", err, out)
	}
	fixture.AssertGone(t, pidFile)
}
