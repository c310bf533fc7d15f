package main

import (
	"bufio"
	"encoding/json"
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"syscall"
	"testing"
	"time"
)

// buildFlowspec builds the real binary into a temporary directory, so the
// signal tests exercise the process a user runs, signals and exit code
// included.
func buildFlowspec(t *testing.T) string {
	t.Helper()
	bin := filepath.Join(t.TempDir(), "flowspec")
	out, err := exec.Command("go", "build", "-o", bin, ".").CombinedOutput()
	if err != nil {
		t.Fatalf("go build: %v\n%s", err, out)
	}
	return bin
}

// scheduledFlow writes a flow that runs every second on the local executor;
// each run sleeps for sleep seconds.
func scheduledFlow(t *testing.T, sleep string) string {
	t.Helper()
	path := filepath.Join(t.TempDir(), "tick.yaml")
	src := `version: 1
name: tick
schedule:
  every: 1s
params:
  n: 41
tasks:
  nap:
    op: sleep
    with:
      seconds: ` + sleep + `
  answer:
    op: inc
    after: [nap]
    with:
      x: ${{ params.n }}
outputs:
  answer: ${{ tasks.answer }}
`
	if err := os.WriteFile(path, []byte(src), 0o644); err != nil {
		t.Fatal(err)
	}
	return path
}

// logLine is the part of a JSON log line these tests read.
type logLine struct {
	Event   string         `json:"event"`
	RunID   string         `json:"run_id"`
	State   string         `json:"state"`
	Error   string         `json:"error"`
	Message string         `json:"message"`
	Outputs map[string]any `json:"outputs"`
}

// startScheduled starts `flowspec run --output json` on flow and returns the
// process and its log lines as they come.
func startScheduled(t *testing.T, bin, flow string, args ...string) (*exec.Cmd, <-chan logLine) {
	t.Helper()
	args = append([]string{"run", "--output", "json", "--executor", "local", "--state-dir", t.TempDir()}, append(args, flow)...)
	cmd := exec.Command(bin, args...)
	cmd.Stderr = os.Stderr
	return startWith(t, cmd)
}

// startWith starts cmd, a `flowspec run --output json`, with no executor
// from the environment (cmd.Env adds to it), and returns it and its log
// lines as they come.
func startWith(t *testing.T, cmd *exec.Cmd) (*exec.Cmd, <-chan logLine) {
	t.Helper()
	cmd.Env = append(append(os.Environ(), "FLOWSPEC_EXECUTOR=", "FLOWSPEC_DASK_ADDRESS=", "DASK_SCHEDULER_ADDRESS="), cmd.Env...)
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = cmd.Process.Kill() })
	lines := make(chan logLine, 100)
	go func() {
		defer close(lines)
		sc := bufio.NewScanner(stdout)
		for sc.Scan() {
			var l logLine
			if err := json.Unmarshal(sc.Bytes(), &l); err != nil {
				t.Errorf("not a JSON line: %s", sc.Text())
				continue
			}
			lines <- l
		}
	}()
	return cmd, lines
}

// until reads log lines until one matches, failing after a generous guard.
func until(t *testing.T, lines <-chan logLine, match func(logLine) bool) logLine {
	t.Helper()
	guard := time.After(60 * time.Second)
	for {
		select {
		case l, ok := <-lines:
			if !ok {
				t.Fatal("the log ended early")
			}
			if match(l) {
				return l
			}
		case <-guard:
			t.Fatal("no matching log line within 60s")
		}
	}
}

// exitCode waits for the process and returns its exit code.
func exitCode(t *testing.T, cmd *exec.Cmd) int {
	t.Helper()
	done := make(chan error, 1)
	go func() { done <- cmd.Wait() }()
	select {
	case err := <-done:
		var ee *exec.ExitError
		if errors.As(err, &ee) {
			return ee.ExitCode()
		}
		if err != nil {
			t.Fatal(err)
		}
		return 0
	case <-time.After(60 * time.Second):
		t.Fatal("the process did not exit within 60s of SIGTERM")
		return -1
	}
}

// TestScheduledRunStopsOnSIGTERM: `every: 1s` runs at least three runs on the
// local executor, each logged with its outputs; SIGTERM then stops the loop
// and the process exits 0.
func TestScheduledRunStopsOnSIGTERM(t *testing.T) {
	bin := buildFlowspec(t)
	cmd, lines := startScheduled(t, bin, scheduledFlow(t, "0"))
	for i := 0; i < 3; i++ {
		l := until(t, lines, func(l logLine) bool { return l.Event == "end" })
		if l.State != "success" || l.Outputs["answer"] != float64(42) {
			t.Fatalf("run %d: %+v", i+1, l)
		}
	}
	if err := cmd.Process.Signal(syscall.SIGTERM); err != nil {
		t.Fatal(err)
	}
	until(t, lines, func(l logLine) bool { return l.Event == "stop" })
	if code := exitCode(t, cmd); code != 0 {
		t.Errorf("exit code %d, want 0", code)
	}
}

// TestScheduledRunCancelledAfterGrace: SIGTERM during a run longer than
// --grace cancels it; the process exits 130.
func TestScheduledRunCancelledAfterGrace(t *testing.T) {
	bin := buildFlowspec(t)
	cmd, lines := startScheduled(t, bin, scheduledFlow(t, "60"), "--grace", "200ms")
	until(t, lines, func(l logLine) bool { return l.Event == "start" })
	if err := cmd.Process.Signal(syscall.SIGTERM); err != nil {
		t.Fatal(err)
	}
	l := until(t, lines, func(l logLine) bool { return l.Event == "end" })
	if l.State != "cancelled" {
		t.Errorf("the run ended %s (%s), want cancelled", l.State, l.Error)
	}
	if code := exitCode(t, cmd); code != 130 {
		t.Errorf("exit code %d, want 130", code)
	}
}
