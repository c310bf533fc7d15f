package testcluster

import (
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/flowspec/flowspec/internal/testcert"
)

// StartTimeout bounds starting a scheduler and its workers on a loaded
// machine.
const StartTimeout = 90 * time.Second

// Options shape a test cluster.
type Options struct {
	Workers      int             // number of worker processes (0: a scheduler alone)
	Threads      int             // threads per worker (0 means 1)
	TLS          *testcert.Certs // mutual TLS (tls:// address) when set
	WorkStealing bool            // off unless asked, as flowspec recommends
	Dashboard    bool            // serve the bokeh dashboard (needs bokeh installed)
	// Env adds KEY=value settings for every process, such as
	// DASK_DISTRIBUTED__SCHEDULER__BLOCKED_HANDLERS=["run_function"].
	Env []string
}

// Cluster is a running scheduler and its workers.
type Cluster struct {
	Address string // tcp://127.0.0.1:port or tls://127.0.0.1:port
	Venv    string
	dir     string
	procs   []*proc // scheduler first
	once    sync.Once
}

type proc struct {
	name   string
	cmd    *exec.Cmd
	log    string
	exited chan struct{}
}

// Start launches a cluster from the named venv and stops it when t ends.
func Start(t testing.TB, venv string, opts Options) *Cluster {
	t.Helper()
	bin := RequireVenv(t, venv)
	c, err := launch(bin, venv, opts)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(c.Stop)
	return c
}

// launch starts the scheduler, then the workers, and waits until every
// worker has registered.
func launch(bin, venv string, opts Options) (*Cluster, error) {
	dir, err := os.MkdirTemp("", "flowspec-dask-"+venv+"-")
	if err != nil {
		return nil, err
	}
	c := &Cluster{Venv: venv, dir: dir}
	sched, err := c.spawn(bin, "scheduler", schedulerArgs(opts), opts)
	if err != nil {
		c.Stop()
		return nil, err
	}
	m, err := sched.waitFor(regexp.MustCompile(`Scheduler at:\s+(\S+)`))
	if err != nil {
		c.Stop()
		return nil, err
	}
	c.Address = m[1]
	var workers []*proc
	for i := 0; i < opts.Workers; i++ {
		w, err := c.spawn(bin, "worker-"+strconv.Itoa(i), workerArgs(c.Address, i, dir, opts), opts)
		if err != nil {
			c.Stop()
			return nil, err
		}
		workers = append(workers, w)
	}
	for _, w := range workers {
		if _, err := w.waitFor(regexp.MustCompile(`Registered to:\s+\S+`)); err != nil {
			c.Stop()
			return nil, err
		}
	}
	return c, nil
}

func schedulerArgs(o Options) []string {
	// The scheduler serves HTTP (health, metrics; the dashboard too with
	// bokeh installed) even with --no-dashboard, on 8787 unless told.
	args := []string{"scheduler", "--host", "127.0.0.1", "--port", "0", "--dashboard-address", "127.0.0.1:0"}
	if !o.Dashboard {
		args = append(args, "--no-dashboard")
	}
	if o.TLS != nil {
		args = append(args, "--protocol", "tls", "--tls-ca-file", o.TLS.CAFile,
			"--tls-cert", o.TLS.NodeCert, "--tls-key", o.TLS.NodeKey)
	}
	return args
}

func workerArgs(addr string, i int, dir string, o Options) []string {
	threads := max(o.Threads, 1)
	args := []string{"worker", addr, "--host", "127.0.0.1", "--nthreads", strconv.Itoa(threads),
		"--no-nanny", "--no-dashboard", "--name", "w" + strconv.Itoa(i),
		"--local-directory", filepath.Join(dir, "w"+strconv.Itoa(i))}
	if o.TLS != nil {
		args = append(args, "--tls-ca-file", o.TLS.CAFile, "--tls-cert", o.TLS.NodeCert, "--tls-key", o.TLS.NodeKey)
	}
	return args
}

// spawn starts bin/dask with args in its own process group, logging to a
// file. The process gets SIGKILL if the test binary dies (a test timeout).
func (c *Cluster) spawn(bin, name string, args []string, o Options) (*proc, error) {
	logPath := filepath.Join(c.dir, name+".log")
	logf, err := os.Create(logPath)
	if err != nil {
		return nil, err
	}
	defer logf.Close()
	cmd := exec.Command(filepath.Join(bin, "dask"), args...)
	cmd.Dir = c.dir
	cmd.Stdout, cmd.Stderr = logf, logf
	cmd.Env = append(os.Environ(),
		"DASK_DISTRIBUTED__SCHEDULER__WORK_STEALING="+pyBool(o.WorkStealing),
		"DASK_DISTRIBUTED__ADMIN__TICK__LIMIT=30s",
		"PYTHONDONTWRITEBYTECODE=1",
	)
	cmd.Env = append(cmd.Env, o.Env...)
	cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true, Pdeathsig: syscall.SIGKILL}
	if err := cmd.Start(); err != nil {
		return nil, fmt.Errorf("starting dask %s: %w", name, err)
	}
	p := &proc{name: name, cmd: cmd, log: logPath, exited: make(chan struct{})}
	go func() { cmd.Wait(); close(p.exited) }()
	c.procs = append(c.procs, p)
	return p, nil
}

func pyBool(b bool) string {
	if b {
		return "True"
	}
	return "False"
}

// waitFor polls the process log for re until StartTimeout.
func (p *proc) waitFor(re *regexp.Regexp) ([]string, error) {
	deadline := time.Now().Add(StartTimeout)
	for {
		data, _ := os.ReadFile(p.log)
		if m := re.FindStringSubmatch(string(data)); m != nil {
			return m, nil
		}
		select {
		case <-p.exited:
			return nil, fmt.Errorf("dask %s exited during startup; its log:\n%s", p.name, tail(p.log))
		case <-time.After(100 * time.Millisecond):
		}
		if time.Now().After(deadline) {
			return nil, fmt.Errorf("dask %s did not start within %s; its log:\n%s", p.name, StartTimeout, tail(p.log))
		}
	}
}

// tail returns the end of a log file.
func tail(path string) string {
	data, _ := os.ReadFile(path)
	if len(data) > 4000 {
		data = data[len(data)-4000:]
	}
	return string(data)
}

// KillScheduler kills the scheduler with SIGKILL, as a crash would.
func (c *Cluster) KillScheduler() {
	if len(c.procs) > 0 {
		p := c.procs[0]
		syscall.Kill(-p.cmd.Process.Pid, syscall.SIGKILL)
		<-p.exited
	}
}

// KillProcess kills with SIGKILL, as the kernel's OOM killer would, the
// cluster process whose group holds pid (a worker's pid as its task sees
// it, os.getpid()), and waits until it has exited.
func (c *Cluster) KillProcess(pid int) error {
	pgid, err := syscall.Getpgid(pid)
	if err != nil {
		return fmt.Errorf("process %d: %w", pid, err)
	}
	for _, p := range c.procs {
		if p.cmd.Process.Pid == pgid {
			syscall.Kill(-pgid, syscall.SIGKILL)
			<-p.exited
			return nil
		}
	}
	return fmt.Errorf("process %d is not one of the cluster's", pid)
}

// SchedulerLog returns the scheduler's whole log, for tests that check it
// logged no handler errors.
func (c *Cluster) SchedulerLog() string {
	if len(c.procs) == 0 {
		return ""
	}
	data, _ := os.ReadFile(c.procs[0].log)
	return string(data)
}

// Logs returns the end of every process's log, for failure messages.
func (c *Cluster) Logs() string {
	var b strings.Builder
	for _, p := range c.procs {
		fmt.Fprintf(&b, "--- dask %s\n%s\n", p.name, tail(p.log))
	}
	return b.String()
}

// Stop ends every process (SIGTERM to its group, SIGKILL after 3s) and
// removes the cluster's directory. It is safe to call more than once.
func (c *Cluster) Stop() {
	c.once.Do(func() {
		for i := len(c.procs) - 1; i >= 0; i-- {
			stop(c.procs[i])
		}
		os.RemoveAll(c.dir)
	})
}

func stop(p *proc) {
	pgid := -p.cmd.Process.Pid
	syscall.Kill(pgid, syscall.SIGTERM)
	select {
	case <-p.exited:
	case <-time.After(3 * time.Second):
		syscall.Kill(pgid, syscall.SIGKILL)
		<-p.exited
	}
}
