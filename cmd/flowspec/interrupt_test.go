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
	bin := buildFlowspec(t)
	flow := filepath.Join(t.TempDir(), "nap.yaml")
	src := `version: 1
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
`
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
	if code := cmd.ProcessState.ExitCode(); code != exitInterrupted {
		t.Fatalf("exit code %d, want %d; stderr:\n%s", code, exitInterrupted, strings.Join(log, "\n"))
	}
	if !strings.Contains(strings.Join(log, "\n"), "interrupted") {
		t.Errorf("stderr does not say the run was interrupted:\n%s", strings.Join(log, "\n"))
	}
}
