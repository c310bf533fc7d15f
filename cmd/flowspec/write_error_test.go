package main

import (
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

// TestWriteErrorsAreReported: when stdout cannot be written (here /dev/full,
// which fails every write), neither a plain run nor a scheduled --once run
// may exit 0 as if its result or log had been written; both say why on
// stderr.
func TestWriteErrorsAreReported(t *testing.T) {
	full, err := os.OpenFile("/dev/full", os.O_WRONLY, 0)
	if err != nil {
		t.Skipf("no /dev/full: %v", err)
	}
	defer full.Close()
	bin := buildFlowspec(t)
	flow := scheduledFlow(t, "0")
	for _, tc := range []struct {
		args []string
		want string
	}{
		{[]string{"run", "--no-schedule", "--no-progress"}, "flowspec: cannot write the result: "},
		{[]string{"run", "--no-schedule", "--output", "json"}, "flowspec: cannot write the result: "},
		{[]string{"run", "--once", "--output", "json"}, "flowspec: cannot write the schedule log: "},
		{[]string{"run", "--once"}, "flowspec: cannot write the schedule log: "},
	} {
		args := append(tc.args, "--executor", "local", "--state-dir", filepath.Join(t.TempDir(), "state"), flow)
		cmd := exec.Command(bin, args...)
		cmd.Env = append(os.Environ(), "FLOWSPEC_EXECUTOR=", "FLOWSPEC_DASK_ADDRESS=", "DASK_SCHEDULER_ADDRESS=")
		cmd.Stdout = full
		var stderr strings.Builder
		cmd.Stderr = &stderr
		err := cmd.Run()
		code := 0
		if ee, ok := err.(*exec.ExitError); ok {
			code = ee.ExitCode()
		} else if err != nil {
			t.Fatal(err)
		}
		if code != 1 || !strings.Contains(stderr.String(), tc.want+"write /dev/stdout: no space left on device") {
			t.Errorf("%v: exit %d, stderr %q; want exit %d and %q", tc.args, code, stderr.String(), 1, tc.want)
		}
	}
}
