package dask_test

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

// resumeFlowDask fails element 3 of work while the file broken exists;
// every shell task appends a line to LOG (an absolute path: the workers'
// directory is not the test's), so the test counts executions. Nothing is
// persist: true: the failed run gathers and stores what its unfinished
// tasks read (prep[2] and double's other elements), so a resume runs
// neither again.
const resumeFlowDask = `version: 1
name: resumable-dask
tasks:
  prep:
    op: shell
    map:
      env: [{X: "1", D: "DIR"}, {X: "2", D: "DIR"}, {X: "3", D: "DIR"}, {X: "4", D: "DIR"}]
    with:
      script: 'echo prep $X >> $D/log.txt; echo $X'
  work:
    op: shell
    map:
      stdin: ${{ tasks.prep }}
    with:
      env: {D: "DIR"}
      script: 'read X; echo work $X >> $D/log.txt; if [ "$X" = 3 ] && [ -e $D/broken ]; then echo input 3 is broken >&2; exit 1; fi; echo $X'
  double:
    op: shell
    map:
      stdin: ${{ tasks.work }}
    with:
      env: {D: "DIR"}
      script: 'read x; echo double $x >> $D/log.txt; echo $((x * 2))'
  total:
    op: shell
    with:
      env: {D: "DIR"}
      stdin: ${{ tasks.double | join(" ") }}
      script: 'read a b c d; echo total >> $D/log.txt; echo $((a + b + c + d))'
outputs:
  total: ${{ tasks.total }}
`

// TestResumeOnDask: a resumed run on Dask submits only the failed element
// and its dependents; the stored results reach them as constants and are
// never submitted.
func TestResumeOnDask(t *testing.T) {
	cl := testcluster.Start(t, "current", testcluster.Options{Workers: 1})
	bin := clitest.Build(t)
	dir := t.TempDir()
	flow := strings.ReplaceAll(resumeFlowDask, "DIR", dir)
	for name, text := range map[string]string{"flow.yaml": flow, "broken": ""} {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	env := []string{"FLOWSPEC_STORE=" + filepath.Join(t.TempDir(), "runs.db")}
	args := []string{"run", "--no-progress", "--address", cl.Address, "flow.yaml"}
	first := clitest.Run(t, bin, dir, args, env)
	id := regexp.MustCompile(`--resume (\S+)`).FindStringSubmatch(first.Stderr)
	if first.Code != 1 || id == nil {
		t.Fatalf("first run: exit %d\n%s", first.Code, first.Stderr)
	}
	os.Remove(filepath.Join(dir, "broken"))
	os.Remove(filepath.Join(dir, "log.txt"))
	second := clitest.Run(t, bin, dir, append(args, "--resume", id[1]), env)
	if second.Code != 0 || second.Stdout != "total = \"20\"\n" {
		t.Fatalf("resumed run: exit %d\n%s%s", second.Code, second.Stdout, second.Stderr)
	}
	if got := executed(dir); !slices.Equal(got, []string{"double 3", "total", "work 3"}) {
		t.Fatalf("the resumed run executed %q, want only work[2], double[2] and total", got)
	}
}

// TestCacheOnDask: on Dask, a second run takes the cached elements from
// the store and never submits them.
func TestCacheOnDask(t *testing.T) {
	cl := testcluster.Start(t, "current", testcluster.Options{Workers: 1})
	bin := clitest.Build(t)
	dir := t.TempDir()
	writeFlow(t, dir, `version: 1
name: cached-dask
tasks:
  fetch:
    op: shell
    cache: {key: v1, ttl: 1h}
    map:
      env: [{X: "1", D: "DIR"}, {X: "2", D: "DIR"}]
    with:
      script: 'echo fetch $X >> $D/log.txt; echo $X'
  total:
    op: shell
    with:
      env: {D: "DIR"}
      stdin: ${{ tasks.fetch | join(" ") }}
      script: 'read a b; echo total >> $D/log.txt; echo $((a + b))'
outputs:
  total: ${{ tasks.total }}
`)
	env := []string{"FLOWSPEC_STORE=" + filepath.Join(t.TempDir(), "runs.db")}
	args := []string{"run", "--no-progress", "--address", cl.Address, "flow.yaml"}
	for i, want := range []string{"fetch 1\nfetch 2\ntotal", "total"} {
		os.Remove(filepath.Join(dir, "log.txt"))
		res := clitest.Run(t, bin, dir, args, env)
		if res.Code != 0 || res.Stdout != "total = \"3\"\n" {
			t.Fatalf("run %d: exit %d\n%s%s", i+1, res.Code, res.Stdout, res.Stderr)
		}
		if got := executed(dir); strings.Join(got, "\n") != want {
			t.Fatalf("run %d executed %q, want %q", i+1, got, want)
		}
	}
}

// TestCacheRuntimeArgumentsOnDask: on Dask, an element of a cache: task
// whose arguments come from upstream results is looked up between two
// submissions: first what its arguments need (src), then the rest without
// the hits. The second run submits src and total but not fetch; runs show
// names fetch as cached.
func TestCacheRuntimeArgumentsOnDask(t *testing.T) {
	cl := testcluster.Start(t, "current", testcluster.Options{Workers: 1})
	bin := clitest.Build(t)
	dir := t.TempDir()
	writeFlow(t, dir, `version: 1
name: cached-at-runtime-dask
tasks:
  src:
    op: shell
    map:
      env: [{X: "1", D: "DIR"}, {X: "2", D: "DIR"}]
    with:
      script: 'echo src $X >> $D/log.txt; if [ "$X" = 2 ] && [ -e $D/broken ]; then exit 1; fi; echo $X'
  fetch:
    op: shell
    cache: {key: v1, ttl: 1h}
    map:
      stdin: ${{ tasks.src }}
    with:
      env: {D: "DIR"}
      script: 'read x; echo fetch $x >> $D/log.txt; echo $((x * 10))'
  total:
    op: shell
    with:
      env: {D: "DIR"}
      stdin: ${{ tasks.fetch | join(" ") }}
      script: 'read a b; echo total >> $D/log.txt; echo $((a + b))'
outputs:
  total: ${{ tasks.total }}
`)
	env := []string{"FLOWSPEC_STORE=" + filepath.Join(t.TempDir(), "runs.db")}
	args := []string{"run", "--no-progress", "--address", cl.Address, "flow.yaml"}
	for i, want := range []string{"fetch 1,fetch 2,src 1,src 2,total", "src 1,src 2,total"} {
		os.Remove(filepath.Join(dir, "log.txt"))
		res := clitest.Run(t, bin, dir, args, env)
		if res.Code != 0 || res.Stdout != "total = \"30\"\n" {
			t.Fatalf("run %d: exit %d\n%s%s", i+1, res.Code, res.Stdout, res.Stderr)
		}
		got := executed(dir)
		if strings.Join(got, ",") != want {
			t.Fatalf("run %d executed %q, want %s\n%s", i+1, got, want, res.Stderr)
		}
		if i == 1 && !strings.Contains(res.Stderr, "flowspec: 2 elements taken from the cache as they were about to run: fetch[0], fetch[1]") {
			t.Fatalf("the run log does not name the cached elements:\n%s", res.Stderr)
		}
	}
	list := clitest.Run(t, bin, dir, []string{"runs", "--output", "json"}, env)
	id := regexp.MustCompile(`"id": *"([^"]+)"`).FindStringSubmatch(list.Stdout)
	if id == nil {
		t.Fatalf("runs: %s", list.Stdout)
	}
	show := clitest.Run(t, bin, dir, []string{"runs", "show", id[1]}, env)
	if !strings.Contains(show.Stdout, "from the cache: fetch[0], fetch[1]") {
		t.Fatalf("runs show does not name the cached elements:\n%s", show.Stdout)
	}
	checkStagedFailure(t, bin, dir, args, env)
}

// checkStagedFailure: when what the cached elements' arguments need
// fails, the rest is not submitted and the run says so; a resume then
// runs src[1] and takes fetch from the cache.
func checkStagedFailure(t *testing.T, bin, dir string, args, env []string) {
	t.Helper()
	if err := os.WriteFile(filepath.Join(dir, "broken"), nil, 0o644); err != nil {
		t.Fatal(err)
	}
	failed := clitest.Run(t, bin, dir, args, env)
	id := regexp.MustCompile(`--resume (\S+)`).FindStringSubmatch(failed.Stderr)
	if failed.Code != 1 || id == nil || !strings.Contains(failed.Stderr, "so the rest of the run was not submitted") {
		t.Fatalf("run with src[1] failing: exit %d\n%s%s", failed.Code, failed.Stdout, failed.Stderr)
	}
	os.Remove(filepath.Join(dir, "broken"))
	os.Remove(filepath.Join(dir, "log.txt"))
	res := clitest.Run(t, bin, dir, append(args, "--resume", id[1]), env)
	data, _ := os.ReadFile(filepath.Join(dir, "log.txt"))
	if got := strings.Fields(strings.ReplaceAll(string(data), "src 2", "src-2")); res.Code != 0 || res.Stdout != "total = \"30\"\n" || !slices.Equal(got, []string{"src-2", "total"}) {
		t.Fatalf("resume: exit %d, executed %q\n%s%s", res.Code, got, res.Stdout, res.Stderr)
	}
}

// TestResumeInterruptedOnDask: a run on Dask interrupted (SIGINT) after
// prep finished, while work waits, gathers prep's results before it lets
// the cluster release them, so its resume runs work alone; prep is not
// persist: true.
func TestResumeInterruptedOnDask(t *testing.T) {
	cl := testcluster.Start(t, "current", testcluster.Options{Workers: 1})
	bin := clitest.Build(t)
	dir := t.TempDir()
	writeFlow(t, dir, `version: 1
name: interrupted-dask
tasks:
  prep:
    op: shell
    map:
      env: [{X: "1", D: "DIR"}, {X: "2", D: "DIR"}]
    with:
      script: 'echo prep $X >> $D/log.txt; echo $X'
  work:
    op: shell
    map:
      stdin: ${{ tasks.prep }}
    with:
      env: {D: "DIR"}
      script: 'read x; echo work $x >> $D/log.txt; while [ ! -e $D/release ]; do sleep 0.05; done; echo $((x * 10))'
  total:
    op: shell
    with:
      env: {D: "DIR"}
      stdin: ${{ tasks.work | join(" ") }}
      script: 'read a b; echo total >> $D/log.txt; echo $((a + b))'
outputs:
  total: ${{ tasks.total }}
`)
	env := []string{"FLOWSPEC_STORE=" + filepath.Join(t.TempDir(), "runs.db")}
	args := []string{"run", "--address", cl.Address, "flow.yaml"}
	first := clitest.InterruptAfter(t, bin, dir, "prep: 2/2 done", args, env)
	id := regexp.MustCompile(`--resume (\S+)`).FindStringSubmatch(first.Stderr)
	if first.Code == 0 || id == nil {
		t.Fatalf("interrupted run: exit %d\n%s", first.Code, first.Stderr)
	}
	os.Remove(filepath.Join(dir, "log.txt"))
	if err := os.WriteFile(filepath.Join(dir, "release"), nil, 0o644); err != nil {
		t.Fatal(err)
	}
	res := clitest.Run(t, bin, dir, append(args, "--no-progress", "--resume", id[1]), env)
	if res.Code != 0 || res.Stdout != "total = \"30\"\n" {
		t.Fatalf("resumed run: exit %d\n%s%s", res.Code, res.Stdout, res.Stderr)
	}
	if got := executed(dir); !slices.Equal(got, []string{"total", "work 1", "work 2"}) {
		t.Fatalf("the resumed run executed %q, want work and total, not prep\n%s", got, res.Stderr)
	}
}

// writeFlow writes flow.yaml, with DIR in text replaced by dir, into dir.
func writeFlow(t *testing.T, dir, text string) {
	t.Helper()
	if err := os.WriteFile(filepath.Join(dir, "flow.yaml"), []byte(strings.ReplaceAll(text, "DIR", dir)), 0o644); err != nil {
		t.Fatal(err)
	}
}

// executed returns the sorted lines the flow's scripts appended to
// dir/log.txt: what ran since the log was last removed.
func executed(dir string) []string {
	data, _ := os.ReadFile(filepath.Join(dir, "log.txt"))
	got := strings.Split(strings.TrimSpace(string(data)), "\n")
	slices.Sort(got)
	return got
}
