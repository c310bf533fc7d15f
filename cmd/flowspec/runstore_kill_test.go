package main

import (
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/flowspec/flowspec/internal/clitest"
)

// killFlow: elements 1 and 2 finish at once, the others wait for the file
// release, so a SIGKILL can land mid-run with part of the work recorded.
// base is not persist: true, and a killed run has no end at which to
// store what its unfinished tasks read, so a resume runs it again.
const killFlow = `version: 1
name: killed
tasks:
  base:
    op: shell
    with:
      script: 'echo base >> log.txt; echo 0'
  work:
    op: shell
    persist: true
    map:
      env: [{X: "1"}, {X: "2"}, {X: "3"}, {X: "4"}, {X: "5"}]
    with:
      stdin: ${{ tasks.base }}
      script: 'read b; echo work $X >> log.txt; if [ "$X" -gt 2 ]; then while [ ! -e release ]; do sleep 0.05; done; fi; echo $((X + b))'
  total:
    op: shell
    with:
      stdin: ${{ tasks.work | join(" ") }}
      script: 'read a b c d e; echo total >> log.txt; echo $((a + b + c + d + e))'
outputs:
  total: ${{ tasks.total }}
`

// TestResumeAfterSIGKILL: a run killed with SIGKILL after part of its work
// was recorded resumes from there: the recorded elements are not run again.
func TestResumeAfterSIGKILL(t *testing.T) {
	bin := clitest.Build(t)
	dir := clitest.WriteFiles(t, map[string]string{"flow.yaml": killFlow})
	env := []string{"FLOWSPEC_STORE=" + filepath.Join(t.TempDir(), "runs.db")}
	cmd := exec.Command(bin, "run", "--no-progress", "--workers", "2", "flow.yaml")
	cmd.Dir, cmd.Env = dir, clitest.Env(env...)
	cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	id := waitRecorded(t, bin, dir, env, 2)
	_ = syscall.Kill(-cmd.Process.Pid, syscall.SIGKILL) // flowspec and its shells
	_ = cmd.Wait()
	os.Remove(filepath.Join(dir, "log.txt"))
	if err := os.WriteFile(filepath.Join(dir, "release"), nil, 0o644); err != nil {
		t.Fatal(err)
	}
	res := clitest.Run(t, bin, dir, []string{"run", "--no-progress", "flow.yaml", "--resume", id}, env)
	if res.Code != 0 || res.Stdout != "total = \"15\"\n" {
		t.Fatalf("resume after SIGKILL: exit %d\n%s%s", res.Code, res.Stdout, res.Stderr)
	}
	if got := logLines(t, dir); !slices.Equal(got, []string{"base", "total", "work 3", "work 4", "work 5"}) {
		t.Fatalf("the resumed run executed %q, want the three unfinished elements, total, and base, which they read", got)
	}
	if !strings.Contains(res.Stderr, "flowspec: base succeeded but run again: run "+id+" never ended (killed?)") {
		t.Fatalf("the resume does not say why base runs again:\n%s", res.Stderr)
	}
}

// waitRecorded polls `flowspec runs show` until the one run in the store
// has n elements of work recorded as done, and returns its id.
func waitRecorded(t *testing.T, bin, dir string, env []string, n int) string {
	t.Helper()
	for range 600 {
		list := clitest.Run(t, bin, dir, []string{"runs", "--output", "json"}, env)
		var runs []struct {
			ID string `json:"id"`
		}
		if json.Unmarshal([]byte(list.Stdout), &runs) == nil && len(runs) == 1 {
			show := clitest.Run(t, bin, dir, []string{"runs", "show", "--output", "json", runs[0].ID}, env)
			var d struct {
				Groups []struct {
					Name   string `json:"name"`
					Counts struct {
						Success int `json:"success"`
					} `json:"counts"`
				} `json:"groups"`
			}
			if json.Unmarshal([]byte(show.Stdout), &d) == nil {
				for _, g := range d.Groups {
					if g.Name == "work" && g.Counts.Success >= n {
						return runs[0].ID
					}
				}
			}
		}
		time.Sleep(50 * time.Millisecond)
	}
	t.Fatal("the run never recorded its first elements")
	return ""
}

// interruptFlow: prep finishes at once, work waits for the file release.
const interruptFlow = `version: 1
name: interrupted
tasks:
  prep:
    op: shell
    map:
      env: [{X: "1"}, {X: "2"}]
    with:
      script: 'echo prep $X >> log.txt; echo $X'
  work:
    op: shell
    map:
      stdin: ${{ tasks.prep }}
    with:
      script: 'read x; echo work $x >> log.txt; while [ ! -e release ]; do sleep 0.05; done; echo $((x * 10))'
  total:
    op: shell
    with:
      stdin: ${{ tasks.work | join(" ") }}
      script: 'read a b; echo total >> log.txt; echo $((a + b))'
outputs:
  total: ${{ tasks.total }}
`

// TestResumeInterrupted: a run interrupted (SIGINT) after prep finished
// stores prep's results as it ends, though prep is not persist: true, so
// its resume runs work and total alone.
func TestResumeInterrupted(t *testing.T) {
	bin := clitest.Build(t)
	dir := clitest.WriteFiles(t, map[string]string{"flow.yaml": interruptFlow})
	env := []string{"FLOWSPEC_STORE=" + filepath.Join(t.TempDir(), "runs.db")}
	first := clitest.InterruptAfter(t, bin, dir, "prep: 2/2 done", []string{"run", "flow.yaml"}, env)
	id := regexp.MustCompile(`--resume (\S+)`).FindStringSubmatch(first.Stderr)
	if first.Code == 0 || id == nil {
		t.Fatalf("interrupted run: exit %d\n%s", first.Code, first.Stderr)
	}
	os.Remove(filepath.Join(dir, "log.txt"))
	if err := os.WriteFile(filepath.Join(dir, "release"), nil, 0o644); err != nil {
		t.Fatal(err)
	}
	res := clitest.Run(t, bin, dir, []string{"run", "--no-progress", "flow.yaml", "--resume", id[1]}, env)
	if res.Code != 0 || res.Stdout != "total = \"30\"\n" {
		t.Fatalf("resumed run: exit %d\n%s%s", res.Code, res.Stdout, res.Stderr)
	}
	if got := logLines(t, dir); !slices.Equal(got, []string{"total", "work 1", "work 2"}) {
		t.Fatalf("the resumed run executed %q, want work and total, not prep", got)
	}
}
