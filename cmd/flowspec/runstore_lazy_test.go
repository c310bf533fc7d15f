package main

import (
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/flowspec/flowspec/internal/clitest"
)

// lazyResumeFlow maps over range(10000) in batches of 100, compiled
// lazily (rule groups made straight into batches). check fails element
// 537 while the file broken exists; every call appends a line to log.txt.
// prep is persist: true, which keeps it a rule group in its own batches.
const lazyResumeFlow = `version: 1
name: lazy-resume
tasks:
  prep:
    op: inc
    persist: true
    batch: 100
    map: {x: "${{ range(10000) }}"}
  work:
    op: py:check.check
    batch: 100
    map: {x: "${{ tasks.prep }}"}
  total:
    op: sum
    with: {values: "${{ tasks.work }}"}
outputs:
  total: ${{ tasks.total }}
`

const lazyResumeCheck = `import os

def check(x: int) -> int:
    with open("log.txt", "a") as f:
        f.write("w\n")
    if x == 538 and os.path.exists("broken"):
        raise ValueError("input 537 is broken")
    return x * 2
`

// TestResumeLazy: a resumed run compiles lazily, as the run it resumes
// did, so it plans and runs batches, never one task per element: of 10^4
// elements it reuses 200 batch tasks and re-runs the failed batch (100
// calls) and the reduction above it.
func TestResumeLazy(t *testing.T) {
	bin := clitest.Build(t)
	dir := clitest.WriteFiles(t, map[string]string{"flow.yaml": lazyResumeFlow, "check.py": lazyResumeCheck, "broken": ""})
	env := []string{"FLOWSPEC_STORE=" + filepath.Join(t.TempDir(), "runs.db")}
	first := clitest.Run(t, bin, dir, []string{"run", "--no-progress", "flow.yaml"}, env)
	id := regexp.MustCompile(`--resume (\S+)`).FindStringSubmatch(first.Stderr)
	if first.Code != 1 || id == nil || !strings.Contains(first.Stderr, "task work[537] (py:check.check): ValueError: input 537 is broken") {
		t.Fatalf("first run: exit %d\n%s", first.Code, first.Stderr)
	}
	os.Remove(filepath.Join(dir, "broken"))
	os.Remove(filepath.Join(dir, "log.txt"))
	second := clitest.Run(t, bin, dir, []string{"run", "--no-progress", "flow.yaml", "--resume", id[1]}, env)
	if second.Code != 0 || strings.TrimSpace(second.Stdout) != "total = 100010000" {
		t.Fatalf("resumed run: exit %d\n%s%s", second.Code, second.Stdout, second.Stderr)
	}
	if !strings.Contains(second.Stderr, ": 200 tasks reused, 4 to run") {
		t.Fatalf("the resumed run did not plan batches:\n%s", second.Stderr)
	}
	if n := len(logLines(t, dir)); n != 100 {
		t.Fatalf("the resumed run called check %d times, want 100 (the failed batch)", n)
	}
}
