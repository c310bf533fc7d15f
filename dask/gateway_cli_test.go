package dask

import (
	"bufio"
	"context"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/flowspec/flowspec/dask/internal/testgateway"
	"github.com/flowspec/flowspec/internal/clitest"
)

// gatewayFlow is a flow whose executor block names the test gateway, its
// tasks appended after it.
func gatewayFlow(gw *testgateway.Gateway, extra, tasks string) string {
	return "version: 1\nname: through-gateway\nexecutor:\n  dask:\n    gateway:\n      address: " + gw.API +
		"\n      proxy_address: " + gw.Proxy + "\n      user: " + testgateway.User +
		"\n      password_env: GW_PASSWORD\n" + extra + tasks
}

// napTasks sleep long enough for a test to act while they run.
const napTasks = "tasks:\n  nap:\n    op: sleep\n    map:\n      seconds: ${{ [600, 600] }}\n"

// tutorialTasks are examples/dask-example.yaml's params, tasks and outputs.
func tutorialTasks(t *testing.T) string {
	data, err := os.ReadFile(filepath.Join("..", "examples", "dask-example.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	s := string(data)
	return s[strings.Index(s, "params:"):]
}

// TestGatewayTutorial: the tutorial flow runs on a cluster a real Dask
// Gateway creates for it, reached through the gateway's TLS proxy, chosen
// by the file's gateway block and by Dask Gateway's own variables with a
// gateway:// address; flowspec prints the dashboard link and stops the
// cluster after the run.
func TestGatewayTutorial(t *testing.T) {
	gw := testgateway.Start(t)
	bin := clitest.Build(t)
	dir := clitest.WriteFiles(t, map[string]string{"flow.yaml": gatewayFlow(gw, "      workers: 2\n", tutorialTasks(t))})
	example, _ := filepath.Abs(filepath.Join("..", "examples", "dask-example.yaml"))
	clitest.Check(t, bin, dir, []clitest.Case{
		{Name: "file block", Args: []string{"run", "flow.yaml"}, Env: []string{"GW_PASSWORD=" + testgateway.Password},
			Code: 0, Stdout: "total = 9900", Stderr: "dask: dashboard " + gw.API + "/clusters/"},
		{Name: "env and gateway:// address", Args: []string{"run", "--address", "gateway://" + gw.Proxy, example},
			Env:  []string{"DASK_GATEWAY__ADDRESS=" + gw.API, "DASK_GATEWAY__AUTH__KWARGS__PASSWORD=" + testgateway.Password},
			Code: 0, Stdout: "total = 9900", Stderr: "dask gateway: stopped cluster "},
	})
	gw.CheckNoneLeft(t)
}

// TestGatewayFaults: a wrong password, an unknown cluster, a cluster that
// fails to start and a dead TLS proxy each end the run with the reason and
// exit 3 (the cluster could not be reached), leaving no cluster running.
func TestGatewayFaults(t *testing.T) {
	gw := testgateway.Start(t)
	bin := clitest.Build(t)
	dead := deadPort(t)
	dir := clitest.WriteFiles(t, map[string]string{
		"flow.yaml":   gatewayFlow(gw, "", "tasks:\n  one:\n    op: inc\n    with:\n      x: 1\n"),
		"broken.yaml": gatewayFlow(gw, "      options:\n        start: broken\n", "tasks:\n  one:\n    op: inc\n    with:\n      x: 1\n"),
	})
	pw := "GW_PASSWORD=" + testgateway.Password
	clitest.Check(t, bin, dir, []clitest.Case{
		{Name: "wrong password", Args: []string{"run", "flow.yaml"}, Env: []string{"GW_PASSWORD=wrong"}, Code: 3,
			Stderr: "HTTP 401"},
		{Name: "unknown cluster", Args: []string{"run", "--address", "gateway://" + gw.Proxy + "/nosuchcluster", "flow.yaml"}, Env: []string{pw}, Code: 3,
			Stderr: "no such cluster: flowspec dask gateway list shows the running ones"},
		{Name: "fails to start", Args: []string{"run", "broken.yaml"}, Env: []string{pw}, Code: 3,
			Stderr: "failed to start"},
		{Name: "dead proxy", Args: []string{"run", "flow.yaml"}, Env: []string{pw, "DASK_GATEWAY__PROXY_ADDRESS=" + dead}, Code: 3,
			Stderr: "tls://" + dead},
	})
	gw.CheckNoneLeft(t)
}

// TestGatewayClusterStoppedMidRun: a cluster stopped while the flow runs
// on it ends the run with the lost scheduler named and a failure exit; a
// Ctrl-C mid-run still stops the cluster flowspec created.
func TestGatewayClusterStoppedMidRun(t *testing.T) {
	gw := testgateway.Start(t)
	bin := clitest.Build(t)
	dir := clitest.WriteFiles(t, map[string]string{"nap.yaml": gatewayFlow(gw, "      workers: 1\n", napTasks)})
	env := []string{"GW_PASSWORD=" + testgateway.Password}
	r := runUntil(t, bin, dir, "dask: tls://", []string{"run", "nap.yaml"}, env, func() {
		for _, c := range gw.Active(t) {
			if err := gw.Client().Stop(context.Background(), c.Name); err != nil {
				t.Error(err)
			}
		}
	})
	if r.Code != 1 || !strings.Contains(r.Stderr, "lost the Dask scheduler during the run") || !strings.Contains(r.Stderr, "was stopped from outside this run") {
		t.Errorf("exit %d after the cluster was stopped mid-run, want 1 saying the scheduler was lost and the cluster stopped from outside\n%s", r.Code, r.Stderr)
	}
	r = clitest.InterruptAfter(t, bin, dir, "dask: tls://", []string{"run", "nap.yaml"}, env)
	if r.Code != 130 || !strings.Contains(r.Stderr, "dask gateway: stopped cluster") {
		t.Errorf("Ctrl-C: exit %d, want 130 with the cluster stopped\n%s", r.Code, r.Stderr)
	}
	gw.CheckNoneLeft(t)
}

// runUntil runs bin and calls act once a line of its stderr starts with
// prefix, then waits for it to end.
func runUntil(t *testing.T, bin, dir, prefix string, args, env []string, act func()) clitest.Result {
	t.Helper()
	cmd := exec.Command(bin, args...)
	cmd.Dir, cmd.Env = dir, clitest.Env(env...)
	var out strings.Builder
	cmd.Stdout = &out
	pipe, err := cmd.StderrPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = cmd.Process.Kill() })
	var log []string
	acted := false
	for sc := bufio.NewScanner(pipe); sc.Scan(); {
		log = append(log, sc.Text())
		if !acted && strings.HasPrefix(sc.Text(), prefix) {
			act()
			acted = true
		}
	}
	_ = cmd.Wait()
	if !acted {
		t.Fatalf("flowspec %s: no stderr line starts with %q:\n%s", strings.Join(args, " "), prefix, strings.Join(log, "\n"))
	}
	return clitest.Result{Code: cmd.ProcessState.ExitCode(), Stdout: out.String(), Stderr: strings.Join(log, "\n")}
}

// deadPort is a loopback host:port nothing listens on.
func deadPort(t *testing.T) string {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := l.Addr().String()
	l.Close()
	return addr
}

// TestGatewayCommands: flowspec dask gateway options, create, list, scale
// and stop against a real gateway; a flow run on the named cluster
// (gateway://proxy/NAME) leaves it running, since flowspec did not create it.
func TestGatewayCommands(t *testing.T) {
	gw := testgateway.Start(t)
	bin := clitest.Build(t)
	dir := clitest.WriteFiles(t, map[string]string{"ok.yaml": cliFlows["ok.yaml"]})
	env := []string{"DASK_GATEWAY__ADDRESS=" + gw.API, "DASK_GATEWAY__PROXY_ADDRESS=" + gw.Proxy, "GW_PASSWORD=" + testgateway.Password}
	gwArgs := func(args ...string) []string {
		return append(append([]string{"dask", "gateway"}, args...), "--user", testgateway.User, "--password-env", "GW_PASSWORD")
	}
	clitest.Check(t, bin, dir, []clitest.Case{
		{Name: "options", Args: gwArgs("options"), Env: env, Stdout: `start  select [ok broken]  "ok"     How the scheduler starts`},
		{Name: "no gateway", Args: []string{"dask", "gateway", "list"}, Code: 2, Stderr: "no Dask Gateway given: pass --gateway https://HOST:PORT or set DASK_GATEWAY__ADDRESS"},
		{Name: "bad option", Args: gwArgs("create", "--option", "start"), Env: env, Code: 2, Stderr: `--option "start": write NAME=VALUE`},
		{Name: "refused option", Args: gwArgs("create", "--option", "start=sideways"), Env: env, Code: 3, Stderr: "HTTP 422"},
	})
	r := clitest.Run(t, bin, dir, gwArgs("create", "--workers", "1", "--option", "start=ok"), env)
	name, _, _ := strings.Cut(r.Stdout, "\n")
	if r.Code != 0 || name == "" || !strings.Contains(r.Stdout, "address   gateway://"+gw.Proxy+"/"+name) {
		t.Fatalf("create: exit %d\nstdout:\n%s\nstderr:\n%s", r.Code, r.Stdout, r.Stderr)
	}
	clitest.Check(t, bin, dir, []clitest.Case{
		{Name: "list", Args: gwArgs("list"), Env: env, Stdout: name + "  RUNNING"},
		{Name: "scale", Args: gwArgs("scale", name, "2"), Env: env},
		{Name: "adapt", Args: gwArgs("scale", name, "--adapt", "1:2"), Env: env},
		{Name: "run on the named cluster", Args: []string{"run", "--address", "gateway://" + gw.Proxy + "/" + name, "ok.yaml"},
			Env: append(env, "DASK_GATEWAY__AUTH__KWARGS__USERNAME="+testgateway.User, "DASK_GATEWAY__AUTH__KWARGS__PASSWORD="+testgateway.Password), Stderr: "ok: 1 task succeeded"},
		{Name: "another user's cluster", Args: []string{"run", "--address", "gateway://" + gw.Proxy + "/" + name, "ok.yaml"},
			Env: append(env, "DASK_GATEWAY__AUTH__KWARGS__USERNAME=bob", "DASK_GATEWAY__AUTH__KWARGS__PASSWORD="+testgateway.Password), Code: 3,
			Stderr: "HTTP 403: User bob lacks permissions to view cluster " + name + " (the cluster belongs to another user)"},
		{Name: "still running", Args: gwArgs("list"), Env: env, Stdout: name + "  RUNNING"},
		{Name: "dask info", Args: []string{"dask", "info", "gateway://" + gw.Proxy + "/" + name},
			Env: append(env, "DASK_GATEWAY__AUTH__KWARGS__USERNAME="+testgateway.User, "DASK_GATEWAY__AUTH__KWARGS__PASSWORD="+testgateway.Password), Stdout: "work stealing  off"},
		{Name: "dask info without a name", Args: []string{"dask", "info", "gateway://" + gw.Proxy}, Env: env, Code: 2,
			Stderr: "which Dask Gateway cluster? write gateway://HOST:PORT/NAME"},
		{Name: "stop", Args: gwArgs("stop", name), Env: env, Stderr: "stopped cluster " + name},
	})
	gw.CheckNoneLeft(t)
}

// TestGatewayScheduledLoop: a scheduled flow keeps one cluster for its runs
// and starts another when that one died between runs; Ctrl-C stops it.
func TestGatewayScheduledLoop(t *testing.T) {
	gw := testgateway.Start(t)
	bin := clitest.Build(t)
	flow := gatewayFlow(gw, "      workers: 1\n", "schedule:\n  every: 1s\ntasks:\n  one:\n    op: inc\n    with:\n      x: 1\n")
	dir := clitest.WriteFiles(t, map[string]string{"loop.yaml": flow})
	cmd := exec.Command(bin, "run", "--state-dir", filepath.Join(dir, "state"), "loop.yaml")
	cmd.Dir, cmd.Env = dir, clitest.Env("GW_PASSWORD="+testgateway.Password)
	var out strings.Builder
	cmd.Stdout = &out
	pipe, err := cmd.StderrPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = cmd.Process.Kill() })
	var log []string
	created, stoppedFirst := 0, false
	for sc := bufio.NewScanner(pipe); sc.Scan(); {
		line := sc.Text()
		log = append(log, line)
		switch {
		case strings.Contains(line, "dask gateway: created cluster"):
			created++
		case strings.HasPrefix(line, "dask: tls://") && created == 1 && !stoppedFirst:
			// The first run is under way on the first cluster: stop that
			// cluster, so a later run finds it dead.
			for _, c := range gw.Active(t) {
				if err := gw.Client().Stop(context.Background(), c.Name); err != nil {
					t.Error(err)
				}
			}
			stoppedFirst = true
		case strings.Contains(line, "is no longer running; starting another") && created == 1:
			created = 1 // the next "created" line is the second cluster
		}
		if created == 2 {
			if err := cmd.Process.Signal(os.Interrupt); err != nil {
				t.Fatal(err)
			}
			created = 3
		}
	}
	_ = cmd.Wait()
	all := strings.Join(log, "\n")
	if created != 3 || !strings.Contains(all, "is no longer running; starting another") {
		t.Fatalf("the loop did not replace its dead cluster:\nstdout:\n%s\nstderr:\n%s", out.String(), all)
	}
	if !strings.Contains(all, "dask gateway: stopped cluster") {
		t.Errorf("the loop's cluster was not stopped on Ctrl-C:\n%s", all)
	}
	gw.CheckNoneLeft(t)
}
