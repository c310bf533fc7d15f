package main

import (
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"testing"
)

// scheduledFlowSrc writes a flow with schedule block sched whose runs nap
// for seconds.
func scheduledFlowSrc(t *testing.T, sched, seconds string) string {
	t.Helper()
	path := filepath.Join(t.TempDir(), "tick.yaml")
	src := "version: 1\nname: tick\nschedule:\n" + sched + `
tasks:
  nap:
    op: sleep
    with:
      seconds: ` + seconds + "\n"
	if err := os.WriteFile(path, []byte(src), 0o644); err != nil {
		t.Fatal(err)
	}
	return path
}

// TestSecondProcessOnOneStateIsRefused: while one `flowspec run` serves a
// flow's schedule, a second one on the same state directory runs nothing
// and exits 2, naming the first one's pid and host.
func TestSecondProcessOnOneStateIsRefused(t *testing.T) {
	bin := buildFlowspec(t)
	flow := scheduledFlowSrc(t, "  every: 1s", "0")
	state := t.TempDir()
	first, lines := startScheduled(t, bin, flow, "--state-dir", state)
	until(t, lines, func(l logLine) bool { return l.Event == "end" })
	second := exec.Command(bin, "run", "--output", "json", "--executor", "local", "--state-dir", state, flow)
	var stdout, stderr strings.Builder
	second.Stdout, second.Stderr = &stdout, &stderr
	err := second.Run()
	host, _ := os.Hostname()
	if code := second.ProcessState.ExitCode(); code != 2 {
		t.Errorf("second process: exit %d (%v), want %d", code, err, 2)
	}
	want := "pid " + strconv.Itoa(first.Process.Pid) + " on host " + host
	if !strings.Contains(stderr.String(), want) || stdout.Len() != 0 {
		t.Errorf("second process: stdout %q, stderr %q; want nothing run and a message naming %q", stdout.String(), stderr.String(), want)
	}
	if err := first.Process.Signal(syscall.SIGTERM); err != nil {
		t.Fatal(err)
	}
	if code := exitCode(t, first); code != 0 {
		t.Errorf("first process: exit %d, want 0", code)
	}
}

// TestKilledRunIsReportedAfterRestart: a run SIGKILLed mid-way is reported
// by the next process and, with catchup: all, run again under a new id;
// the interrupted id never starts twice.
func TestKilledRunIsReportedAfterRestart(t *testing.T) {
	bin := buildFlowspec(t)
	flow := scheduledFlowSrc(t, "  every: 1h\n  catchup: all", "60")
	state := t.TempDir()
	first, lines := startScheduled(t, bin, flow, "--state-dir", state)
	start := until(t, lines, func(l logLine) bool { return l.Event == "start" })
	if err := first.Process.Kill(); err != nil {
		t.Fatal(err)
	}
	_ = first.Wait()
	second, lines := startScheduled(t, bin, flow, "--state-dir", state)
	l := until(t, lines, func(l logLine) bool { return l.Event != "warn" })
	if l.Event != "interrupted" || l.RunID != start.RunID || !strings.Contains(l.Message, "never finished") {
		t.Fatalf("first line after restart: %+v; want run %s reported as interrupted", l, start.RunID)
	}
	rerun := until(t, lines, func(l logLine) bool { return l.Event == "start" })
	if rerun.RunID != start.RunID+"-r2" {
		t.Errorf("re-run id %q, want %q", rerun.RunID, start.RunID+"-r2")
	}
	if err := second.Process.Signal(syscall.SIGINT); err != nil {
		t.Fatal(err)
	}
	if err := second.Process.Signal(syscall.SIGINT); err != nil {
		t.Fatal(err)
	}
	if code := exitCode(t, second); code != 130 {
		t.Errorf("exit %d, want %d", code, 130)
	}
}
