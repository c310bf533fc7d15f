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
	data, err := os.ReadFile(filepath.Join(dir, "log.txt"))
	if err != nil {
		t.Fatal(err)
	}
	got := strings.Split(strings.TrimSpace(string(data)), "\n")
	slices.Sort(got)
	if !slices.Equal(got, []string{"double 3", "total", "work 3"}) {
		t.Fatalf("the resumed run executed %q, want only work[2], double[2] and total", got)
	}
}

// TestCacheOnDask: on Dask, a second run takes the cached elements from
// the store and never submits them.
func TestCacheOnDask(t *testing.T) {
	cl := testcluster.Start(t, "current", testcluster.Options{Workers: 1})
	bin := clitest.Build(t)
	dir := t.TempDir()
	flow := strings.ReplaceAll(`version: 1
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
`, "DIR", dir)
	if err := os.WriteFile(filepath.Join(dir, "flow.yaml"), []byte(flow), 0o644); err != nil {
		t.Fatal(err)
	}
	env := []string{"FLOWSPEC_STORE=" + filepath.Join(t.TempDir(), "runs.db")}
	args := []string{"run", "--no-progress", "--address", cl.Address, "flow.yaml"}
	for i, want := range []string{"fetch 1\nfetch 2\ntotal", "total"} {
		os.Remove(filepath.Join(dir, "log.txt"))
		res := clitest.Run(t, bin, dir, args, env)
		if res.Code != 0 || res.Stdout != "total = \"3\"\n" {
			t.Fatalf("run %d: exit %d\n%s%s", i+1, res.Code, res.Stdout, res.Stderr)
		}
		data, _ := os.ReadFile(filepath.Join(dir, "log.txt"))
		got := strings.Split(strings.TrimSpace(string(data)), "\n")
		slices.Sort(got)
		if strings.Join(got, "\n") != want {
			t.Fatalf("run %d executed %q, want %q", i+1, got, want)
		}
	}
}

// TestCacheRuntimeArgumentsOnDask: on Dask, an element of a cache: task
// whose arguments come from upstream results is not looked up (the graph
// is submitted whole, before those arguments exist): it runs every time,
// and the run says so at the task.
func TestCacheRuntimeArgumentsOnDask(t *testing.T) {
	cl := testcluster.Start(t, "current", testcluster.Options{Workers: 1})
	bin := clitest.Build(t)
	dir := t.TempDir()
	flow := strings.ReplaceAll(`version: 1
name: cached-at-runtime-dask
tasks:
  src:
    op: shell
    with:
      env: {D: "DIR"}
      script: 'echo src >> $D/log.txt; echo 2'
  fetch:
    op: shell
    cache: {key: v1, ttl: 1h}
    with:
      env: {D: "DIR"}
      stdin: ${{ tasks.src }}
      script: 'read x; echo fetch >> $D/log.txt; echo $((x * 10))'
outputs:
  fetch: ${{ tasks.fetch }}
`, "DIR", dir)
	if err := os.WriteFile(filepath.Join(dir, "flow.yaml"), []byte(flow), 0o644); err != nil {
		t.Fatal(err)
	}
	env := []string{"FLOWSPEC_STORE=" + filepath.Join(t.TempDir(), "runs.db")}
	args := []string{"run", "--no-progress", "--address", cl.Address, "flow.yaml"}
	for i := range 2 {
		os.Remove(filepath.Join(dir, "log.txt"))
		res := clitest.Run(t, bin, dir, args, env)
		if res.Code != 0 || res.Stdout != "fetch = \"20\"\n" {
			t.Fatalf("run %d: exit %d\n%s%s", i+1, res.Code, res.Stdout, res.Stderr)
		}
		if !strings.Contains(res.Stderr, "flowspec: flow.yaml:9:3: cache: of fetch is not looked up on dask for elements whose arguments come from upstream results") {
			t.Fatalf("run %d does not say that fetch is not looked up:\n%s", i+1, res.Stderr)
		}
		data, _ := os.ReadFile(filepath.Join(dir, "log.txt"))
		if got := strings.Fields(string(data)); !slices.Equal(got, []string{"src", "fetch"}) {
			t.Fatalf("run %d executed %q, want src then fetch", i+1, got)
		}
	}
}
