// Package clitest runs the real flowspec binary in tests: built once per
// test from this module's source, started as a user would start it, its exit
// code and output returned whole. Tests of several packages (the CLI's own,
// and the Dask executor's, which alone may start test clusters) share it.
package clitest

import (
	"bufio"
	"bytes"
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
)

// Build compiles cmd/flowspec into a temporary directory and returns the
// binary's path.
func Build(t testing.TB) string {
	t.Helper()
	bin := filepath.Join(t.TempDir(), "flowspec")
	out, err := exec.Command("go", "build", "-o", bin, "github.com/flowspec/flowspec/cmd/flowspec").CombinedOutput()
	if err != nil {
		t.Fatalf("go build: %v\n%s", err, out)
	}
	return bin
}

// BuildWithDraw builds cmd/flowspec and, beside it, cmd/flowspec-draw (the
// program that draws pictures), and returns flowspec's path.
func BuildWithDraw(t testing.TB) string {
	t.Helper()
	bin := Build(t)
	draw := filepath.Join(filepath.Dir(bin), "flowspec-draw")
	out, err := exec.Command("go", "build", "-o", draw, "github.com/flowspec/flowspec/cmd/flowspec-draw").CombinedOutput()
	if err != nil {
		t.Fatalf("go build: %v\n%s", err, out)
	}
	return bin
}

// Result is how one run of the binary ended.
type Result struct {
	Code   int
	Stdout string
	Stderr string
}

// Env is the environment a run gets: the test's own, without colour,
// without the executor settings of the machine running the tests and with
// the run store off (tests of the store name one in extra), then extra.
func Env(extra ...string) []string {
	env := append(os.Environ(), "NO_COLOR=1", "FLOWSPEC_EXECUTOR=", "FLOWSPEC_DASK_ADDRESS=", "DASK_SCHEDULER_ADDRESS=",
		"DASK_GATEWAY__ADDRESS=", "DASK_GATEWAY__PROXY_ADDRESS=", "DASK_GATEWAY__PUBLIC_ADDRESS=", "DASK_GATEWAY__AUTH__TYPE=",
		"DASK_GATEWAY__AUTH__KWARGS__USERNAME=", "JUPYTERHUB_API_TOKEN=", "FLOWSPEC_STORE=off")
	return append(env, extra...)
}

// Run runs bin with args in dir, with Env(env...), and returns how it ended.
func Run(t testing.TB, bin, dir string, args, env []string) Result {
	t.Helper()
	cmd := exec.Command(bin, args...)
	cmd.Dir, cmd.Env = dir, Env(env...)
	var out, errOut bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &errOut
	var ee *exec.ExitError
	if err := cmd.Run(); err != nil && !errors.As(err, &ee) {
		t.Fatalf("flowspec %s: %v", strings.Join(args, " "), err)
	}
	return Result{Code: cmd.ProcessState.ExitCode(), Stdout: out.String(), Stderr: errOut.String()}
}

// InterruptAfter runs bin with args like Run, and sends it SIGINT once a line
// of its stderr starts with prefix. It fails the test when no line does.
func InterruptAfter(t testing.TB, bin, dir, prefix string, args, env []string) Result {
	t.Helper()
	cmd := exec.Command(bin, args...)
	cmd.Dir, cmd.Env = dir, Env(env...)
	var out bytes.Buffer
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
	signalled := false
	for sc := bufio.NewScanner(pipe); sc.Scan(); {
		log = append(log, sc.Text())
		if !signalled && strings.HasPrefix(sc.Text(), prefix) {
			if err := cmd.Process.Signal(syscall.SIGINT); err != nil {
				t.Fatal(err)
			}
			signalled = true
		}
	}
	_ = cmd.Wait()
	if !signalled {
		t.Fatalf("flowspec %s: no stderr line starts with %q:\n%s", strings.Join(args, " "), prefix, strings.Join(log, "\n"))
	}
	return Result{Code: cmd.ProcessState.ExitCode(), Stdout: out.String(), Stderr: strings.Join(log, "\n")}
}

// Case is one invocation and how it must end: the documented exit code and
// a piece of stderr (or of stdout, for what reports there: a schedule's log)
// that says why.
type Case struct {
	Name   string
	Args   []string
	Env    []string
	Code   int
	Stderr string
	Stdout string
}

// Check runs each case in dir as a subtest.
func Check(t *testing.T, bin, dir string, cases []Case) {
	t.Helper()
	for _, tc := range cases {
		t.Run(tc.Name, func(t *testing.T) {
			r := Run(t, bin, dir, tc.Args, tc.Env)
			if r.Code != tc.Code {
				t.Errorf("flowspec %s: exit %d, want %d\nstdout:\n%s\nstderr:\n%s", strings.Join(tc.Args, " "), r.Code, tc.Code, r.Stdout, r.Stderr)
			}
			if !strings.Contains(r.Stderr, tc.Stderr) {
				t.Errorf("flowspec %s: stderr does not say %q:\n%s", strings.Join(tc.Args, " "), tc.Stderr, r.Stderr)
			}
			if !strings.Contains(r.Stdout, tc.Stdout) {
				t.Errorf("flowspec %s: stdout does not say %q:\n%s", strings.Join(tc.Args, " "), tc.Stdout, r.Stdout)
			}
		})
	}
}

// WriteFiles writes files (name → content) into a new temporary directory
// and returns it.
func WriteFiles(t testing.TB, files map[string]string) string {
	t.Helper()
	dir := t.TempDir()
	for name, src := range files {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(src), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return dir
}
