package dask

import (
	"encoding/json"
	"strings"
	"testing"

	"github.com/flowspec/flowspec/dask/internal/testcluster"
	"github.com/flowspec/flowspec/internal/clitest"
	"github.com/flowspec/flowspec/internal/testcert"
)

// cliFlows are the flows the CLI tests below run on real clusters.
var cliFlows = map[string]string{
	"ok.yaml":        "version: 1\nname: ok\ntasks:\n  one:\n    op: inc\n    with:\n      x: 1\n",
	"fail.yaml":      "version: 1\nname: fail\ntasks:\n  boom:\n    op: fail\n    with:\n      message: boom\n",
	"scheduled.yaml": "version: 1\nname: scheduled\nschedule:\n  every: 1h\ntasks:\n  one:\n    op: inc\n    with:\n      x: 1\n",
	"nap.yaml":       "version: 1\nname: nap\ntasks:\n  nap:\n    op: sleep\n    with:\n      seconds: 60\noutputs:\n  nap: ${{ tasks.nap }}\n",
	"die.yaml":       "version: 1\nname: die\ntasks:\n  grown:\n    op: py:crash.die\n    map:\n      x: ${{ range(4) }}\n",
	"crash.py":       "import os\n\n\ndef die(x):\n    \"\"\"Ends the worker process, as the kernel's OOM killer would.\"\"\"\n    os._exit(1)\n",
}

// TestCLIExitCodeTLS runs the real binary against a real mutual-TLS Dask
// scheduler with a CA that did not sign its certificate: the TLS handshake
// fails, which is "the executor could not be reached", exit 3, for run,
// run --output json, run --once and dask info; with the right CA, dask info
// exits 0.
func TestCLIExitCodeTLS(t *testing.T) {
	certs := testcert.New(t)
	cl := testcluster.Start(t, "current", testcluster.Options{TLS: certs})
	bin := clitest.Build(t)
	dir := clitest.WriteFiles(t, cliFlows)
	client := []string{EnvTLSCert + "=" + certs.ClientCert, EnvTLSKey + "=" + certs.ClientKey}
	wrongCA := append([]string{EnvTLSCA + "=" + certs.OtherCAFile}, client...)
	rightCA := append([]string{EnvTLSCA + "=" + certs.CAFile}, client...)
	handshake := "TLS handshake with Dask scheduler at " + cl.Address + " failed"
	clitest.Check(t, bin, dir, []clitest.Case{
		{Name: "run", Args: []string{"run", "--address", cl.Address, "ok.yaml"}, Env: wrongCA, Code: 3, Stderr: handshake},
		{Name: "run json", Args: []string{"run", "--output", "json", "--address", cl.Address, "ok.yaml"}, Env: wrongCA, Code: 3, Stderr: handshake},
		{Name: "once", Args: []string{"run", "--once", "--state-dir", dir, "--address", cl.Address, "scheduled.yaml"}, Env: wrongCA, Code: 3, Stdout: handshake},
		{Name: "dask info", Args: []string{"dask", "info", cl.Address}, Env: wrongCA, Code: 3, Stderr: handshake},
		{Name: "dask info right CA", Args: []string{"dask", "info", cl.Address}, Env: rightCA, Code: 0},
	})
}

// TestCLIExitCodes runs the real binary on a real Dask cluster: a clean run
// exits 0 and a failed task 1, as in process.
func TestCLIExitCodes(t *testing.T) {
	cl := testcluster.Start(t, "current", testcluster.Options{Workers: 1})
	bin := clitest.Build(t)
	dir := clitest.WriteFiles(t, cliFlows)
	clitest.Check(t, bin, dir, []clitest.Case{
		{Name: "ok", Args: []string{"run", "--address", cl.Address, "ok.yaml"}, Code: 0},
		{Name: "task failed", Args: []string{"run", "--address", cl.Address, "fail.yaml"}, Code: 1, Stderr: "boom"},
	})
}

// TestCLIKilledWorker runs the real binary on a cluster whose worker
// process dies under a task (a Python function ending it, as the kernel's
// OOM killer would): exit 1, and the error says the worker died, names the
// element as written with its YAML position, and gives the fix.
func TestCLIKilledWorker(t *testing.T) {
	cl := testcluster.Start(t, "current", testcluster.Options{Workers: 2, Threads: 1,
		Env: []string{"DASK_DISTRIBUTED__SCHEDULER__ALLOWED_FAILURES=0"}})
	bin := clitest.Build(t)
	dir := clitest.WriteFiles(t, cliFlows)
	env := []string{"XDG_CACHE_HOME=" + dir}
	r := clitest.Run(t, bin, dir, []string{"run", "--address", cl.Address, "die.yaml"}, env)
	if r.Code != 1 {
		t.Errorf("exit %d, want 1\nstderr: %s\n%s", r.Code, r.Stderr, cl.Logs())
	}
	for _, want := range []string{"KilledWorker: the Dask worker process running grown[", "die.yaml:4:3: task grown[", "more memory (dask worker --memory-limit)"} {
		if !strings.Contains(r.Stderr, want) {
			t.Errorf("stderr lacks %q:\n%s", want, r.Stderr)
		}
	}
}

// TestCLIInterruptedJSON interrupts a real `flowspec run --output json` on a
// real cluster once it has checked the cluster (its "dask:" line): exit 130,
// and the JSON result must say the run is not ok and why, whichever step
// (connecting, submitting, following, gathering) the signal stopped.
func TestCLIInterruptedJSON(t *testing.T) {
	cl := testcluster.Start(t, "current", testcluster.Options{Workers: 1})
	bin := clitest.Build(t)
	dir := clitest.WriteFiles(t, cliFlows)
	r := clitest.InterruptAfter(t, bin, dir, "dask: ", []string{"run", "--address", cl.Address, "--output", "json", "nap.yaml"}, nil)
	if r.Code != 130 {
		t.Fatalf("exit %d, want 130; stderr:\n%s", r.Code, r.Stderr)
	}
	var res struct {
		OK    bool   `json:"ok"`
		Error string `json:"error"`
	}
	if err := json.Unmarshal([]byte(r.Stdout), &res); err != nil {
		t.Fatalf("stdout is not the JSON result: %v\n%s", err, r.Stdout)
	}
	if res.OK || res.Error == "" {
		t.Errorf("an interrupted run reads ok=%v error=%q, want ok=false and the reason:\n%s", res.OK, res.Error, r.Stdout)
	}
}

// TestCLIDashboardNeedsBokeh runs the real binary on a scheduler whose
// Python has no bokeh (the legacy venv: plain `pip install distributed`):
// its dashboard link would only say "Dask needs bokeh", so run and dask
// info say so on the dashboard line instead of giving the link alone; with
// bokeh (current) the link is given.
func TestCLIDashboardNeedsBokeh(t *testing.T) {
	bare := testcluster.Start(t, "legacy", testcluster.Options{Workers: 1, Dashboard: true})
	full := testcluster.Start(t, "current", testcluster.Options{Workers: 1, Dashboard: true})
	bin := clitest.Build(t)
	dir := clitest.WriteFiles(t, cliFlows)
	none := "no dashboard: the scheduler's Python has no bokeh, so http://"
	clitest.Check(t, bin, dir, []clitest.Case{
		{Name: "run without bokeh", Args: []string{"run", "--address", bare.Address, "ok.yaml"}, Code: 0, Stderr: "\ndask: " + none},
		{Name: "info without bokeh", Args: []string{"dask", "info", bare.Address}, Code: 0, Stdout: "dashboard      (none: the scheduler's Python has no bokeh"},
		{Name: "run with bokeh", Args: []string{"run", "--address", full.Address, "ok.yaml"}, Code: 0, Stderr: "\ndask: dashboard http://"},
	})
}
