package main

import (
	"bufio"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"
)

// TestRunInterrupted sends SIGINT to a real `flowspec run` while a task
// sleeps: the run must be cancelled cleanly and the process exit 130 with the
// reason on stderr, not hang for the task's minute.
func TestRunInterrupted(t *testing.T) {
	interruptRun(t, `version: 1
name: nap
tasks:
  first:
    op: inc
    with:
      x: 1
  nap:
    op: sleep
    after: [first]
    with:
      seconds: 60
`)
}

// heavyExpr is a runtime expression that computes for minutes in little
// memory, and (unless expression evaluation checks its context) ignores
// cancellation.
const heavyExpr = `'${{ reduce(range(tasks.first * 100000), reduce(range(100000), #acc + 1, 0) + #acc, 0) }}'`

// TestRunInterruptedDuringHeavyExpr: an expression computing for minutes
// must not hold up Ctrl-C: the run ends cancelled, exit 130.
func TestRunInterruptedDuringHeavyExpr(t *testing.T) {
	interruptRun(t, `version: 1
name: heavy
tasks:
  first:
    op: inc
    with:
      x: 1
  heavy:
    op: identity
    with:
      value: `+heavyExpr+`
`)
}

// interruptRun runs src with a real `flowspec run`, sends SIGINT once the
// task "first" has finished, and checks the process exits 130 saying why.
func interruptRun(t *testing.T, src string) {
	t.Helper()
	bin := buildFlowspec(t)
	flow := filepath.Join(t.TempDir(), "flow.yaml")
	if err := os.WriteFile(flow, []byte(src), 0o644); err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command(bin, "run", "--executor", "local", flow)
	stderr, err := cmd.StderrPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = cmd.Process.Kill() })
	sc := bufio.NewScanner(stderr)
	var log []string
	for sc.Scan() {
		log = append(log, sc.Text())
		if strings.HasPrefix(sc.Text(), "first:") {
			break // the run is under way and nap is sleeping
		}
	}
	if err := cmd.Process.Signal(syscall.SIGINT); err != nil {
		t.Fatal(err)
	}
	for sc.Scan() {
		log = append(log, sc.Text())
	}
	done := make(chan struct{})
	go func() { defer close(done); _ = cmd.Wait() }()
	select {
	case <-done:
	case <-time.After(30 * time.Second):
		t.Fatalf("flowspec did not exit after SIGINT; stderr:\n%s", strings.Join(log, "\n"))
	}
	if code := cmd.ProcessState.ExitCode(); code != 130 {
		t.Fatalf("exit code %d, want %d; stderr:\n%s", code, 130, strings.Join(log, "\n"))
	}
	if !strings.Contains(strings.Join(log, "\n"), "interrupted") {
		t.Errorf("stderr does not say the run was interrupted:\n%s", strings.Join(log, "\n"))
	}
}

// TestSecondSignalExitsAtOnce: during a scheduled run that ignores
// cancellation and a grace of an hour, SIGINT starts the stop and SIGTERM
// then ends the process at once, with 130 and a line saying so.
func TestSecondSignalExitsAtOnce(t *testing.T) {
	bin := buildFlowspec(t)
	flow := filepath.Join(t.TempDir(), "heavy.yaml")
	src := `version: 1
name: heavy
schedule:
  every: 1h
tasks:
  first:
    op: inc
    with:
      x: 1
  heavy:
    op: identity
    with:
      value: ` + heavyExpr + `
`
	if err := os.WriteFile(flow, []byte(src), 0o644); err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command(bin, "run", "--output", "json", "--executor", "local", "--grace", "1h", "--state-dir", t.TempDir(), flow)
	var stderr strings.Builder
	cmd.Stderr = &stderr
	cmd, lines := startWith(t, cmd)
	until(t, lines, func(l logLine) bool { return l.Event == "start" })
	if err := cmd.Process.Signal(syscall.SIGINT); err != nil {
		t.Fatal(err)
	}
	until(t, lines, func(l logLine) bool { return l.Event == "stop" })
	if err := cmd.Process.Signal(syscall.SIGTERM); err != nil {
		t.Fatal(err)
	}
	if code := exitCode(t, cmd); code != 130 {
		t.Errorf("exit code %d, want %d", code, 130)
	}
	if !strings.Contains(stderr.String(), "interrupted again: exiting now") {
		t.Errorf("stderr does not say why it exited:\n%s", stderr.String())
	}
}
