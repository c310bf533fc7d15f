package main

import (
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/flowspec/flowspec/internal/clitest"
	"github.com/flowspec/flowspec/internal/testpg"
)

// eachStore runs f with a new SQLite store and a new database on a real
// PostgreSQL server (internal/testpg).
func eachStore(t *testing.T, f func(t *testing.T, loc string)) {
	t.Run("sqlite", func(t *testing.T) { f(t, filepath.Join(t.TempDir(), "runs.db")) })
	t.Run("postgres", func(t *testing.T) { f(t, testpg.Database(t)) })
}

// startStored starts `flowspec run --output json [args] flow`, keeping its
// schedule state and runs in the store at loc.
func startStored(t *testing.T, bin, flow, loc string, args ...string) (*exec.Cmd, <-chan logLine) {
	t.Helper()
	cmd := exec.Command(bin, append(append([]string{"run", "--output", "json", "--executor", "local", "--state-dir", t.TempDir()}, args...), flow)...)
	cmd.Stderr = os.Stderr
	cmd.Env = []string{"FLOWSPEC_STORE=" + loc}
	return startWith(t, cmd)
}

// TestTwoLoopsOnOneStore: while one `flowspec run` serves a flow's schedule
// on a run store, a second one on the same store (another directory,
// another state directory) runs nothing and exits 2, naming the first.
func TestTwoLoopsOnOneStore(t *testing.T) {
	bin := buildFlowspec(t)
	eachStore(t, func(t *testing.T, loc string) {
		first, lines := startStored(t, bin, scheduledFlowSrc(t, "  every: 1s", "0"), loc)
		until(t, lines, func(l logLine) bool { return l.Event == "end" })
		second := clitest.Run(t, bin, t.TempDir(), []string{"run", "--output", "json", "--executor", "local", scheduledFlowSrc(t, "  every: 1s", "0")},
			[]string{"FLOWSPEC_STORE=" + loc})
		host, _ := os.Hostname()
		want := "process pid " + strconv.Itoa(first.Process.Pid) + " on host " + host
		if second.Code != 2 || second.Stdout != "" || !strings.Contains(second.Stderr, want) || !strings.Contains(second.Stderr, "stop it first, or give this one another --store") {
			t.Errorf("second loop: exit %d, stdout %q, stderr %q; want exit 2, nothing run, and a message naming %q", second.Code, second.Stdout, second.Stderr, want)
		}
		if err := first.Process.Signal(syscall.SIGTERM); err != nil {
			t.Fatal(err)
		}
		if code := exitCode(t, first); code != 0 {
			t.Errorf("first loop: exit %d, want 0", code)
		}
	})
}

// TestKilledLoopOnStore: a loop SIGKILLed mid-run does not block the next
// start; the next one reports the interrupted run, marks it interrupted in
// the store, and (catchup: all) runs its tick again, recorded under the
// same tick with attempt 2.
func TestKilledLoopOnStore(t *testing.T) {
	bin := buildFlowspec(t)
	eachStore(t, func(t *testing.T, loc string) {
		flow := scheduledFlowSrc(t, "  every: 1h\n  catchup: all", "60")
		first, lines := startStored(t, bin, flow, loc)
		start := until(t, lines, func(l logLine) bool { return l.Event == "start" })
		waitListed(t, bin, loc)
		if err := first.Process.Kill(); err != nil {
			t.Fatal(err)
		}
		_ = first.Wait()
		second, lines := startStored(t, bin, flow, loc, "--grace", "0s")
		l := until(t, lines, func(l logLine) bool { return l.Event != "warn" })
		if l.Event != "interrupted" || l.RunID != start.RunID {
			t.Fatalf("first line after restart: %+v; want run %s reported as interrupted", l, start.RunID)
		}
		rerun := until(t, lines, func(l logLine) bool { return l.Event == "start" })
		if rerun.RunID != start.RunID+"-r2" {
			t.Errorf("re-run id %q, want %q", rerun.RunID, start.RunID+"-r2")
		}
		checkRecordedTicks(t, bin, loc, start.RunID)
		if err := second.Process.Signal(syscall.SIGINT); err != nil {
			t.Fatal(err)
		}
		if code := exitCode(t, second); code != 130 {
			t.Errorf("exit %d, want %d", code, 130)
		}
	})
}

// checkRecordedTicks: `flowspec runs` lists the killed run as interrupted
// and its re-run as running, both with their tick; `runs show` of the
// killed one says which tick it was.
func checkRecordedTicks(t *testing.T, bin, loc, tickID string) {
	t.Helper()
	env := []string{"FLOWSPEC_STORE=" + loc}
	list := clitest.Run(t, bin, t.TempDir(), []string{"runs", "--output", "json", "tick"}, env)
	var runs []struct {
		ID    string `json:"id"`
		State string `json:"state"`
		Error string `json:"error"`
		Tick  *struct {
			RunID   string `json:"run_id"`
			Attempt int    `json:"attempt"`
		} `json:"tick"`
	}
	if err := json.Unmarshal([]byte(list.Stdout), &runs); err != nil || len(runs) != 2 || runs[0].Tick == nil || runs[1].Tick == nil {
		t.Fatalf("runs: %v (%d)\n%s%s", err, len(runs), list.Stdout, list.Stderr)
	}
	rerun, killed := runs[0], runs[1]
	if killed.State != "interrupted" || killed.Tick.RunID != tickID || !strings.Contains(killed.Error, "ended before this run finished") {
		t.Errorf("the killed run: %+v, want interrupted, tick %s", killed, tickID)
	}
	if rerun.State != "running" || rerun.Tick.RunID != tickID+"-r2" || rerun.Tick.Attempt != 2 {
		t.Errorf("the re-run: %+v, want running, tick %s-r2, attempt 2", rerun, tickID)
	}
	show := clitest.Run(t, bin, t.TempDir(), []string{"runs", "show", killed.ID}, env)
	if show.Code != 0 || !strings.Contains(show.Stdout, "interrupted\n") || !strings.Contains(show.Stdout, "(clock 1), "+tickID+" in the schedule log") {
		t.Errorf("runs show %s: exit %d\n%s%s", killed.ID, show.Code, show.Stdout, show.Stderr)
	}
}

// waitListed polls `flowspec runs` until the store lists a run: a loop
// logs a run's start before the run has compiled and begun its record.
func waitListed(t *testing.T, bin, loc string) {
	t.Helper()
	for range 600 {
		list := clitest.Run(t, bin, t.TempDir(), []string{"runs", "--output", "json"}, []string{"FLOWSPEC_STORE=" + loc})
		var runs []any
		if json.Unmarshal([]byte(list.Stdout), &runs) == nil && len(runs) > 0 {
			return
		}
		time.Sleep(50 * time.Millisecond)
	}
	t.Fatal("the scheduled run was never recorded")
}
