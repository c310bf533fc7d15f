package dask

import (
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/flowspec/flowspec/dask/internal/testcluster"
	"github.com/flowspec/flowspec/internal/clitest"
)

// progressFlow has every kind of progress line: a mapped group run as
// batches (counted in elements), a failed attempt that is retried, a task
// that times out, one skipped because of it, and reductions, one split into
// a tree of partial results (still one element). dir is where
// the flaky task keeps its flag, fresh for each run.
func progressFlow(dir string) string {
	return "version: 1\nname: progress\ntasks:\n" +
		"  flaky:\n    op: shell\n    with:\n      script: test -f flag || { touch flag; echo first attempt fails >&2; exit 3; }\n      dir: " + dir + "\n    retries: 1\n" +
		"  slow:\n    op: sleep\n    with:\n      seconds: 30\n    timeout: 2s\n" +
		"  after:\n    op: identity\n    with:\n      value: ${{ tasks.slow }}\n" +
		"  inc:\n    op: inc\n    map:\n      x: ${{ range(100) }}\n" +
		"  total:\n    op: sum\n    with:\n      values: ${{ tasks.inc }}\n" +
		"  top:\n    op: max\n    with:\n      values: ${{ tasks.inc }}\n" +
		"outputs:\n  total: ${{ tasks.total }}\n  top: ${{ tasks.top }}\n  after: ${{ tasks.after }}\n"
}

// TestCLIProgressOnDask runs the real binary on the same flow in process
// and on real clusters (the current and the oldest distributed), with the
// plain progress (stderr a pipe) and the live one (stderr a terminal). The
// lines that stay must be the same where the executors know the same facts:
// once durations (which differ from run to run) and the Python exception's
// class that Dask adds before a message are set aside. On Dask the
// timed-out task is timed from its start, not "finished in 0s", and the
// live status shows tasks running.
func TestCLIProgressOnDask(t *testing.T) {
	bin := clitest.Build(t)
	local := progressRuns(t, bin, nil)
	for _, want := range []string{"inc: 100/100 done", "top: 1/1 done", "after: 1/1 finished: 1 skipped"} {
		if !slices.Contains(local["plain"].lines, want) {
			t.Errorf("in-process progress lacks %q:\n%s", want, local["plain"].raw)
		}
	}
	for _, venv := range []string{"current", "oldest"} {
		t.Run(venv, func(t *testing.T) {
			cl := testcluster.Start(t, venv, testcluster.Options{Workers: 2, Threads: 1})
			dask := progressRuns(t, bin, []string{"--address", cl.Address})
			for mode, got := range dask {
				if want := local[mode]; !slices.Equal(got.lines, want.lines) {
					t.Errorf("%s progress on Dask differs from in process:\n--- dask\n%s\n--- local\n%s\n--- dask as written\n%s",
						mode, strings.Join(got.lines, "\n"), strings.Join(want.lines, "\n"), got.raw)
				}
				if !strings.Contains(got.raw, "slow: 1/1 finished in ") || strings.Contains(got.raw, "slow: 1/1 finished in 0s") {
					t.Errorf("%s: the timed-out task is not timed from its start:\n%s", mode, got.raw)
				}
			}
			if !regexp.MustCompile(` [1-9]\d* running`).MatchString(dask["live"].raw) {
				t.Errorf("the live status never showed a task running on Dask:\n%q", dask["live"].raw)
			}
		})
	}
}

// progressRun is one run's progress: the lines that stay, normalized
// (sorted, since executors finish groups in different orders), and the
// output as written.
type progressRun struct {
	lines []string
	raw   string
}

// progressRuns runs progressFlow with extra arguments, plain and live, each
// in a fresh directory, and checks each exits 1 (slow timed out).
func progressRuns(t *testing.T, bin string, extra []string) map[string]progressRun {
	t.Helper()
	runs := map[string]progressRun{}
	for _, mode := range []string{"plain", "live"} {
		dir := t.TempDir()
		if err := os.WriteFile(filepath.Join(dir, "progress.yaml"), []byte(progressFlow(dir)), 0o644); err != nil {
			t.Fatal(err)
		}
		args := append(append([]string{"run"}, extra...), "progress.yaml")
		var r clitest.Result
		var lines []string
		if mode == "plain" {
			r = clitest.Run(t, bin, dir, args, nil)
			lines = strings.Split(strings.TrimSuffix(r.Stderr, "\n"), "\n")
		} else {
			r = clitest.RunInTerminal(t, bin, dir, args, nil)
			lines = clitest.Screen(r.Stderr)
		}
		if r.Code != 1 {
			t.Fatalf("%s %v: exit %d, want 1 (slow timed out)\nstderr: %s", mode, extra, r.Code, r.Stderr)
		}
		runs[mode] = progressRun{lines: sameFacts(append(lines, strings.Split(r.Stdout, "\n")...)), raw: r.Stderr}
	}
	return runs
}

var (
	tookRe    = regexp.MustCompile(`^(\S+: \d+/\d+ (?:done|finished))(?: in \S+?)?(:|$)`)
	summaryRe = regexp.MustCompile(` of (\d+) tasks in \S+ \((?:local|dask)\)$`)
	classRe   = regexp.MustCompile(`(\): (?:attempt \d+ failed, retrying: )?)[A-Z]\w*(?:Error|Exception): `)
)

// sameFacts drops what only one executor says (the "dask:" lines, empty
// lines), and durations and exception classes from the rest, and sorts it.
func sameFacts(lines []string) []string {
	var out []string
	for _, l := range lines {
		if l == "" || strings.HasPrefix(l, "dask: ") {
			continue
		}
		l = tookRe.ReplaceAllString(l, "$1$2")
		l = summaryRe.ReplaceAllString(l, " of $1 tasks")
		l = classRe.ReplaceAllString(l, "$1")
		out = append(out, l)
	}
	slices.Sort(out)
	return out
}
