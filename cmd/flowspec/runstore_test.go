package main

import (
	"encoding/json"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/flowspec/flowspec/internal/clitest"
	"github.com/flowspec/flowspec/internal/testpg"
)

// resumeFlow fails element 3 of work while the file broken exists. Every
// shell task appends a line to log.txt, so the test counts executions.
// other does not depend on work; double and total do. Nothing is
// persist: true: a resume still re-runs neither prep (the failed
// element's upstream) nor the elements of double that total read, because
// the failed run stored the results its unfinished tasks read.
const resumeFlow = `version: 1
name: resumable
tasks:
  work:
    op: shell
    map:
      stdin: ${{ tasks.prep }}
    with:
      script: 'read X; echo work $X >> log.txt; if [ "$X" = 3 ] && [ -e broken ]; then echo input 3 is broken >&2; exit 1; fi; echo $X'
  prep:
    op: shell
    map:
      env: [{X: "1"}, {X: "2"}, {X: "3"}, {X: "4"}]
    with:
      script: 'echo prep $X >> log.txt; echo $X'
  double:
    op: shell
    map:
      stdin: ${{ tasks.work }}
    with:
      script: 'read x; echo double $x >> log.txt; echo $((x * 2))'
  other:
    op: shell
    with:
      script: 'echo other >> log.txt; echo 0'
  total:
    op: shell
    with:
      stdin: ${{ tasks.double | join(" ") }}
      script: 'read a b c d; echo total >> log.txt; echo $((a + b + c + d))'
outputs:
  total: ${{ tasks.total }}
`

// TestResumeRedoesOnlyWhatFailed is the run store's done-when test: a run
// with a failing element, then --resume after fixing the input, runs only
// the failed element and what depends on it; `flowspec runs` lists both.
func TestResumeRedoesOnlyWhatFailed(t *testing.T) {
	bin := clitest.Build(t)
	t.Run("sqlite", func(t *testing.T) { checkResume(t, bin, filepath.Join(t.TempDir(), "runs.db")) })
	t.Run("postgres", func(t *testing.T) { checkResume(t, bin, testpg.Database(t)) })
}

func checkResume(t *testing.T, bin, loc string) {
	dir := clitest.WriteFiles(t, map[string]string{"flow.yaml": resumeFlow, "broken": ""})
	env := []string{"FLOWSPEC_STORE=" + loc}
	first := clitest.Run(t, bin, dir, []string{"run", "--no-progress", "flow.yaml"}, env)
	if first.Code != 1 || !strings.Contains(first.Stderr, "flow.yaml:4:3: task work[2] (shell)") {
		t.Fatalf("first run: exit %d\n%s", first.Code, first.Stderr)
	}
	id := regexp.MustCompile(`--resume (\S+)`).FindStringSubmatch(first.Stderr)
	if id == nil {
		t.Fatalf("the failed run does not say how to resume it:\n%s", first.Stderr)
	}
	if got := logLines(t, dir); !slices.Equal(got, []string{"double 1", "double 2", "double 4", "other", "prep 1", "prep 2", "prep 3", "prep 4", "work 1", "work 2", "work 3", "work 4"}) {
		t.Fatalf("first run executed %q", got)
	}
	os.Remove(filepath.Join(dir, "broken"))
	os.Remove(filepath.Join(dir, "log.txt"))
	second := clitest.Run(t, bin, dir, []string{"run", "--no-progress", "flow.yaml", "--resume", id[1]}, env)
	if second.Code != 0 || strings.TrimSpace(second.Stdout) != `total = "20"` {
		t.Fatalf("resumed run: exit %d\n%s%s", second.Code, second.Stdout, second.Stderr)
	}
	if got := logLines(t, dir); !slices.Equal(got, []string{"double 3", "total", "work 3"}) {
		t.Fatalf("the resumed run executed %q, want only work[2], double[2] and total", got)
	}
	checkRunsListed(t, bin, dir, env, id[1])
}

// logLines is log.txt's lines, sorted (elements run in any order).
func logLines(t *testing.T, dir string) []string {
	t.Helper()
	data, err := os.ReadFile(filepath.Join(dir, "log.txt"))
	if err != nil {
		t.Fatal(err)
	}
	lines := strings.Fields(strings.ReplaceAll(string(data), " ", "_"))
	for i := range lines {
		lines[i] = strings.ReplaceAll(lines[i], "_", " ")
	}
	slices.Sort(lines)
	return lines
}

// checkRunsListed: `flowspec runs` lists the failed run and its resume.
func checkRunsListed(t *testing.T, bin, dir string, env []string, failed string) {
	t.Helper()
	res := clitest.Run(t, bin, dir, []string{"runs", "--output", "json", "resumable"}, env)
	var runs []struct {
		ID          string `json:"id"`
		State       string `json:"state"`
		ResumedFrom string `json:"resumed_from"`
	}
	if err := json.Unmarshal([]byte(res.Stdout), &runs); err != nil || res.Code != 0 {
		t.Fatalf("runs --output json: exit %d, %v\n%s%s", res.Code, err, res.Stdout, res.Stderr)
	}
	if len(runs) != 2 || runs[1].ID != failed || runs[1].State != "failed" || runs[0].State != "success" || runs[0].ResumedFrom != failed {
		t.Fatalf("runs: %+v", runs)
	}
	text := clitest.Run(t, bin, dir, []string{"runs"}, env)
	if !strings.Contains(text.Stdout, failed+"  resumable  failed") {
		t.Fatalf("runs table:\n%s", text.Stdout)
	}
	show := clitest.Run(t, bin, dir, []string{"runs", "show", runs[0].ID}, env)
	if !strings.Contains(show.Stdout, "resumed from "+failed) || !strings.Contains(show.Stdout, `total = "20"`) {
		t.Fatalf("runs show:\n%s", show.Stdout)
	}
}
