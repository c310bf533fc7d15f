package container

import (
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"syscall"
	"testing"
	"time"
)

// daemon is a Docker daemon a test started for itself: its own data root,
// exec root and socket under a temporary directory, no iptables rules and no
// bridge, so it touches nothing of the machine's networking or of another
// daemon. The test's t.Cleanup stops it.
type daemon struct {
	host   string // DOCKER_HOST value: unix://DIR/docker.sock
	client string // the docker client to use with it
	log    string // the daemon's log file
}

// startDockerd starts Debian's dockerd and waits until it answers. It fails
// the test, with the way to install it, when dockerd is missing.
func startDockerd(t *testing.T) *daemon {
	t.Helper()
	bin, err := exec.LookPath("dockerd")
	if err != nil {
		t.Fatal("dockerd is not installed: run scripts/docker.sh (make test does), which installs Debian's docker.io")
	}
	dir := t.TempDir()
	d := &daemon{host: "unix://" + filepath.Join(dir, "docker.sock"), client: dockerClient(), log: filepath.Join(dir, "dockerd.log")}
	logf, err := os.Create(d.log)
	if err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command(bin, "--iptables=false", "--bridge=none",
		"--data-root", filepath.Join(dir, "data"), "--exec-root", filepath.Join(dir, "exec"),
		"--pidfile", filepath.Join(dir, "docker.pid"), "--host", d.host)
	cmd.Stdout, cmd.Stderr = logf, logf
	cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true}
	if err := cmd.Start(); err != nil {
		t.Fatalf("start dockerd: %v", err)
	}
	exited := make(chan error, 1)
	go func() { exited <- cmd.Wait(); logf.Close() }()
	t.Cleanup(func() { stopDockerd(t, cmd, exited) })
	d.waitReady(t, exited)
	return d
}

// dockerClient prefers the client Debian's docker.io installs beside its
// daemon (same API version) over any other docker on PATH.
func dockerClient() string {
	if _, err := os.Stat("/usr/bin/docker"); err == nil {
		return "/usr/bin/docker"
	}
	return "docker"
}

// waitReady polls `docker version` until the daemon answers; it fails the
// test with the daemon's log when the daemon exits or never answers.
func (d *daemon) waitReady(t *testing.T, exited <-chan error) {
	t.Helper()
	for deadline := time.Now().Add(3 * time.Minute); time.Now().Before(deadline); {
		if d.command("version").Run() == nil {
			return
		}
		select {
		case err := <-exited:
			t.Fatalf("dockerd exited before it answered (%v):\n%s", err, readLog(d.log))
		case <-time.After(250 * time.Millisecond):
		}
	}
	t.Fatalf("dockerd did not answer on %s within 3 minutes:\n%s", d.host, readLog(d.log))
}

// command is the docker client talking to this daemon.
func (d *daemon) command(args ...string) *exec.Cmd {
	cmd := exec.Command(d.client, args...)
	cmd.Env = append(os.Environ(), "DOCKER_HOST="+d.host, "DOCKER_BUILDKIT=0")
	return cmd
}

// stopDockerd sends SIGTERM (dockerd stops its containers and containerd and
// unmounts its layers) and waits; SIGKILL to the group if it hangs.
func stopDockerd(t *testing.T, cmd *exec.Cmd, exited <-chan error) {
	_ = cmd.Process.Signal(syscall.SIGTERM)
	select {
	case <-exited:
	case <-time.After(time.Minute):
		t.Errorf("dockerd did not stop within a minute of SIGTERM; killed")
		_ = syscall.Kill(-cmd.Process.Pid, syscall.SIGKILL)
		<-exited
	}
}

// readLog returns the daemon's log, or why it could not be read.
func readLog(path string) string {
	b, err := os.ReadFile(path)
	if errors.Is(err, os.ErrNotExist) {
		return "(no log)"
	}
	if err != nil {
		return err.Error()
	}
	return string(b)
}
