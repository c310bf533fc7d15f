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
	if r.Code == 0 || r.Code == 130 {
		t.Errorf("exit %d after the cluster was stopped mid-run, want a failure\n%s", r.Code, r.Stderr)
	}
	t.Logf("stopped mid-run: exit %d\n%s", r.Code, r.Stderr)
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
