package main

import (
	"encoding/json"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/flowspec/flowspec/internal/clitest"
	"github.com/flowspec/flowspec/internal/testpg"
)

// cacheFlow caches fetch by the param day; every shell task appends a
// line to log.txt, so the test counts executions.
const cacheFlow = `version: 1
name: cached
params:
  day: mon
tasks:
  fetch:
    op: shell
    cache: {key: "${{ params.day }}", ttl: 1h}
    map:
      env: [{X: "1"}, {X: "2"}, {X: "3"}]
    with:
      script: 'echo fetch $X >> log.txt; echo $X'
  total:
    op: shell
    with:
      stdin: ${{ tasks.fetch | join(" ") }}
      script: 'read a b c; echo total >> log.txt; echo $((a + b + c))'
outputs:
  total: ${{ tasks.total }}
retention:
  keep: 2
`

// TestCache: a second run takes fetch's elements from the cache and says
// so; another key runs them again; retention: keeps the newest two runs,
// and the cache outlives the runs that filled it.
func TestCache(t *testing.T) {
	bin := clitest.Build(t)
	t.Run("sqlite", func(t *testing.T) { checkCache(t, bin, filepath.Join(t.TempDir(), "runs.db")) })
	t.Run("postgres", func(t *testing.T) { checkCache(t, bin, testpg.Database(t)) })
}

func checkCache(t *testing.T, bin, loc string) {
	dir := clitest.WriteFiles(t, map[string]string{"flow.yaml": cacheFlow})
	env := []string{"FLOWSPEC_STORE=" + loc}
	run := func(want []string, args ...string) clitest.Result {
		t.Helper()
		os.Remove(filepath.Join(dir, "log.txt"))
		res := clitest.Run(t, bin, dir, append([]string{"run", "--no-progress", "flow.yaml"}, args...), env)
		if res.Code != 0 || res.Stdout != "total = \"6\"\n" {
			t.Fatalf("run %v: exit %d\n%s%s", args, res.Code, res.Stdout, res.Stderr)
		}
		if got := logLines(t, dir); !slices.Equal(got, want) {
			t.Fatalf("run %v executed %q, want %q", args, got, want)
		}
		return res
	}
	run([]string{"fetch 1", "fetch 2", "fetch 3", "total"})
	second := run([]string{"total"})
	if !strings.Contains(second.Stderr, "flowspec: 3 elements taken from the cache: fetch[0], fetch[1], fetch[2]") {
		t.Fatalf("the run log does not say what came from the cache:\n%s", second.Stderr)
	}
	show := clitest.Run(t, bin, dir, []string{"runs", "show", newestRun(t, bin, dir, env)}, env)
	if !strings.Contains(show.Stdout, "from the cache: fetch[0], fetch[1], fetch[2]") {
		t.Fatalf("runs show does not say what came from the cache:\n%s", show.Stdout)
	}
	run([]string{"fetch 1", "fetch 2", "fetch 3", "total"}, "--param", "day=tue")
	list := clitest.Run(t, bin, dir, []string{"runs", "--output", "json"}, env)
	var runs []struct{}
	if err := json.Unmarshal([]byte(list.Stdout), &runs); err != nil || len(runs) != 2 {
		t.Fatalf("after three runs with retention keep: 2, the store holds %d (%v)", len(runs), err)
	}
	run([]string{"total"}) // the first run was pruned; its cache entries were not
}

// newestRun is the id of the newest run in the store.
func newestRun(t *testing.T, bin, dir string, env []string) string {
	t.Helper()
	res := clitest.Run(t, bin, dir, []string{"runs", "--output", "json"}, env)
	var runs []struct {
		ID string `json:"id"`
	}
	if err := json.Unmarshal([]byte(res.Stdout), &runs); err != nil || len(runs) == 0 {
		t.Fatalf("runs --output json: %v\n%s", err, res.Stdout)
	}
	return runs[0].ID
}

// runtimeCacheFlow caches fetch, whose arguments are src's results: known
// only as each element is about to run. src[1] echoes the file input.
const runtimeCacheFlow = `version: 1
name: cached-at-runtime
tasks:
  src:
    op: shell
    map:
      env: [{X: "1"}, {X: "2"}, {X: "3"}]
    with:
      script: 'echo src $X >> log.txt; if [ "$X" = 2 ]; then cat input; else echo $X; fi'
  fetch:
    op: shell
    cache: {key: v1, ttl: 1h}
    map:
      stdin: ${{ tasks.src }}
    with:
      script: 'read x; echo fetch $x >> log.txt; echo $((x * 10))'
  total:
    op: shell
    with:
      stdin: ${{ tasks.fetch | join(" ") }}
      script: 'read a b c; echo total >> log.txt; echo $((a + b + c))'
outputs:
  total: ${{ tasks.total }}
`

// TestCacheRuntimeArguments: elements of a cache: task whose arguments
// come from upstream results are looked up as they are about to run, by
// those arguments: a second run takes all three from the cache (src runs,
// fetch does not), and once src[1] returns something else only fetch[1]
// runs again. The run log and runs show name the cached elements.
func TestCacheRuntimeArguments(t *testing.T) {
	bin := clitest.Build(t)
	t.Run("sqlite", func(t *testing.T) { checkRuntimeCache(t, bin, filepath.Join(t.TempDir(), "runs.db")) })
	t.Run("postgres", func(t *testing.T) { checkRuntimeCache(t, bin, testpg.Database(t)) })
}

func checkRuntimeCache(t *testing.T, bin, loc string) {
	dir := clitest.WriteFiles(t, map[string]string{"flow.yaml": runtimeCacheFlow, "input": "2\n"})
	env := []string{"FLOWSPEC_STORE=" + loc}
	run := func(total string, want []string) clitest.Result {
		t.Helper()
		os.Remove(filepath.Join(dir, "log.txt"))
		res := clitest.Run(t, bin, dir, []string{"run", "--no-progress", "flow.yaml"}, env)
		if res.Code != 0 || res.Stdout != "total = \""+total+"\"\n" {
			t.Fatalf("exit %d\n%s%s", res.Code, res.Stdout, res.Stderr)
		}
		if got := logLines(t, dir); !slices.Equal(got, want) {
			t.Fatalf("the run executed %q, want %q\n%s", got, want, res.Stderr)
		}
		return res
	}
	srcs := []string{"src 1", "src 2", "src 3"}
	run("60", append([]string{"fetch 1", "fetch 2", "fetch 3"}, append(srcs, "total")...))
	second := run("60", append(srcs, "total"))
	if !strings.Contains(second.Stderr, "flowspec: 3 elements taken from the cache as they were about to run: fetch[0], fetch[1], fetch[2]") {
		t.Fatalf("the run log does not say what came from the cache:\n%s", second.Stderr)
	}
	show := clitest.Run(t, bin, dir, []string{"runs", "show", newestRun(t, bin, dir, env)}, env)
	if !strings.Contains(show.Stdout, "from the cache: fetch[0], fetch[1], fetch[2]") {
		t.Fatalf("runs show does not say what came from the cache:\n%s", show.Stdout)
	}
	if err := os.WriteFile(filepath.Join(dir, "input"), []byte("7\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	third := run("110", append([]string{"fetch 7"}, append(srcs, "total")...))
	if !strings.Contains(third.Stderr, "2 elements taken from the cache as they were about to run: fetch[0], fetch[2]") {
		t.Fatalf("the run log does not say what came from the cache:\n%s", third.Stderr)
	}
}
