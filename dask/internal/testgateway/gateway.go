// Package testgateway starts a real Dask Gateway server on loopback for
// tests: the local process backend (clusters are processes on this
// machine) and the simple authenticator with a password. Its clusters offer
// one option, start: ok or broken (a scheduler command that does not
// exist), so a test can make a cluster fail to start.
package testgateway

import (
	"context"
	"fmt"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/flowspec/flowspec/dask/gateway"
	"github.com/flowspec/flowspec/dask/internal/testcluster"
)

// Venv is the scripts/venv.sh venv the gateway runs from.
const Venv = "gateway"

// Password is what the gateway's simple authenticator wants; User is the
// user the tests log in as.
const (
	Password = "flowspec-test-password"
	User     = "alice"
)

// Gateway is a running gateway: API is its http:// address (through its
// HTTP proxy), Proxy the host:port of its TLS proxy for schedulers.
type Gateway struct {
	API   string
	Proxy string
	dir   string
	cmd   *exec.Cmd
	done  chan struct{}
	log   string
}

// Start starts a gateway from the gateway venv and stops it, and every
// cluster it started, when the test ends; a cluster process still alive
// then fails the test.
func Start(t testing.TB) *Gateway {
	t.Helper()
	bin := testcluster.RequireVenv(t, Venv)
	g := &Gateway{dir: t.TempDir(), done: make(chan struct{})}
	httpPort, tcpPort := freePort(t), freePort(t)
	g.API, g.Proxy = "http://127.0.0.1:"+httpPort, "127.0.0.1:"+tcpPort
	cfg := filepath.Join(g.dir, "config.py")
	if err := os.WriteFile(cfg, []byte(config(bin, g.dir, httpPort, tcpPort)), 0o644); err != nil {
		t.Fatal(err)
	}
	g.log = filepath.Join(g.dir, "gateway.log")
	logf, err := os.Create(g.log)
	if err != nil {
		t.Fatal(err)
	}
	defer logf.Close()
	g.cmd = exec.Command(filepath.Join(bin, "dask-gateway-server"), "-f", cfg)
	g.cmd.Dir, g.cmd.Stdout, g.cmd.Stderr = g.dir, logf, logf
	g.cmd.Env = append(os.Environ(), "PYTHONDONTWRITEBYTECODE=1")
	g.cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true, Pdeathsig: syscall.SIGKILL}
	if err := g.cmd.Start(); err != nil {
		t.Fatalf("starting dask-gateway-server: %v", err)
	}
	go func() { g.cmd.Wait(); close(g.done) }()
	t.Cleanup(func() { g.stop(t) })
	if err := g.waitHealthy(); err != nil {
		t.Fatalf("%v; its log:\n%s", err, g.Log())
	}
	return g
}

// config is the gateway's configuration file.
func config(bin, dir, httpPort, tcpPort string) string {
	return fmt.Sprintf(`from dask_gateway_server.options import Options, Select
c.DaskGateway.address = "127.0.0.1:0"
c.Proxy.address = "127.0.0.1:%s"
c.Proxy.tcp_address = "127.0.0.1:%s"
c.DaskGateway.backend_class = "dask_gateway_server.backends.local.UnsafeLocalBackend"
c.DaskGateway.authenticator_class = "dask_gateway_server.auth.SimpleAuthenticator"
c.SimpleAuthenticator.password = %q
c.LocalBackend.clusters_directory = %q
c.ClusterConfig.scheduler_cmd = [%q, "scheduler"]
c.ClusterConfig.worker_cmd = [%q, "worker"]
c.ClusterConfig.environment = {"DASK_DISTRIBUTED__SCHEDULER__WORK_STEALING": "False", "FLOWSPEC_TESTGATEWAY": %q}
def handler(options):
    if options.start == "broken":
        return {"scheduler_cmd": "/nonexistent/dask-scheduler"}
    return {}
c.Backend.cluster_options = Options(Select("start", ["ok", "broken"], default="ok", label="How the scheduler starts"), handler=handler)
`, httpPort, tcpPort, Password, filepath.Join(dir, "clusters"), filepath.Join(bin, "dask"), filepath.Join(bin, "dask"), dir)
}

// freePort returns a loopback port that was free a moment ago.
func freePort(t testing.TB) string {
	t.Helper()
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer l.Close()
	return strconv.Itoa(l.Addr().(*net.TCPAddr).Port)
}

// waitHealthy polls /api/health through the HTTP proxy until it passes.
func (g *Gateway) waitHealthy() error {
	deadline := time.Now().Add(testcluster.StartTimeout)
	for time.Now().Before(deadline) {
		resp, err := http.Get(g.API + "/api/health")
		if err == nil {
			resp.Body.Close()
			if resp.StatusCode == http.StatusOK {
				return nil
			}
		}
		select {
		case <-g.done:
			return fmt.Errorf("dask-gateway-server exited during startup")
		case <-time.After(200 * time.Millisecond):
		}
	}
	return fmt.Errorf("dask-gateway-server did not answer at %s within %s", g.API, testcluster.StartTimeout)
}

// Client is a gateway client logged in as User.
func (g *Gateway) Client() *gateway.Client {
	return gateway.New(g.API, gateway.Basic{User: User, Password: Password}, 30*time.Second)
}

// Active lists the clusters pending or running.
func (g *Gateway) Active(t testing.TB) []gateway.Report {
	t.Helper()
	rs, err := g.Client().List(context.Background(), gateway.Pending, gateway.Running)
	if err != nil {
		t.Fatalf("listing the gateway's clusters: %v", err)
	}
	return rs
}

// CheckNoneLeft fails the test if a cluster is pending or running, and
// waits (up to StartTimeout) for those stopping to stop.
func (g *Gateway) CheckNoneLeft(t testing.TB) {
	t.Helper()
	if left := g.Active(t); len(left) > 0 {
		t.Errorf("clusters left running: %v", names(left))
	}
	deadline := time.Now().Add(testcluster.StartTimeout)
	for {
		rs, err := g.Client().List(context.Background(), gateway.Stopping)
		if err != nil || len(rs) == 0 {
			return
		}
		if time.Now().After(deadline) {
			t.Errorf("clusters still stopping after %s: %v", testcluster.StartTimeout, names(rs))
			return
		}
		time.Sleep(200 * time.Millisecond)
	}
}

func names(rs []gateway.Report) []string {
	var out []string
	for _, r := range rs {
		out = append(out, r.Name+" "+string(r.Status))
	}
	return out
}

// Log returns the end of the gateway's log.
func (g *Gateway) Log() string {
	data, _ := os.ReadFile(g.log)
	if len(data) > 6000 {
		data = data[len(data)-6000:]
	}
	return string(data)
}

// stop stops every cluster, then the gateway, then kills any cluster
// process left, failing the test if there was one.
func (g *Gateway) stop(t testing.TB) {
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	if rs, err := g.Client().List(ctx, gateway.Pending, gateway.Running); err == nil {
		for _, r := range rs {
			_ = g.Client().Stop(ctx, r.Name)
		}
	}
	syscall.Kill(-g.cmd.Process.Pid, syscall.SIGTERM)
	select {
	case <-g.done:
	case <-time.After(20 * time.Second):
		syscall.Kill(-g.cmd.Process.Pid, syscall.SIGKILL)
		<-g.done
	}
	if left := g.sweep(); len(left) > 0 {
		t.Errorf("cluster processes still running after the gateway stopped (killed now): %s", strings.Join(left, "; "))
	}
}

// sweep kills the processes the gateway started for clusters (marked by
// FLOWSPEC_TESTGATEWAY in their environment) and returns their command
// lines.
func (g *Gateway) sweep() []string {
	marker := []byte("FLOWSPEC_TESTGATEWAY=" + g.dir + "\x00")
	procs, _ := filepath.Glob("/proc/[0-9]*/environ")
	var left []string
	for _, p := range procs {
		env, err := os.ReadFile(p)
		if err != nil || !strings.Contains(string(env), string(marker)) {
			continue
		}
		pid, _ := strconv.Atoi(strings.Split(p, "/")[2])
		cmdline, _ := os.ReadFile(filepath.Join(filepath.Dir(p), "cmdline"))
		left = append(left, strings.ReplaceAll(strings.TrimSpace(string(cmdline)), "\x00", " "))
		syscall.Kill(pid, syscall.SIGKILL)
	}
	return left
}
