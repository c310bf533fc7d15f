package host_test

import (
	"context"
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/flowspec/flowspec/operator"
	"github.com/flowspec/flowspec/plugin"
	"github.com/flowspec/flowspec/plugin/host"
)

// faulty is the test plugin's executable, built once by TestMain.
var faulty string

func TestMain(m *testing.M) {
	dir, err := os.MkdirTemp("", "faulty")
	if err != nil {
		panic(err)
	}
	faulty = filepath.Join(dir, "faulty")
	if out, err := exec.Command("go", "build", "-o", faulty, "./testdata/faulty").CombinedOutput(); err != nil {
		panic(string(out))
	}
	code := m.Run()
	os.RemoveAll(dir)
	os.Exit(code)
}

// wrapper writes an executable script that runs faulty with env set.
func wrapper(t *testing.T, env string) string {
	t.Helper()
	path := filepath.Join(t.TempDir(), "flowspec-plugin-f")
	if err := os.WriteFile(path, []byte("#!/bin/sh\n"+env+" exec "+faulty+"\n"), 0o755); err != nil {
		t.Fatal(err)
	}
	return path
}

// provider is a provider of the plugin at path, namespace f.
func provider(t *testing.T, path string) (*host.Provider, *strings.Builder) {
	t.Helper()
	logs := &strings.Builder{}
	p := host.New(host.Plugin{Name: "f", Path: path, Where: "flow.yaml:3:3"},
		host.Config{Workers: 1, Stderr: &syncWriter{b: logs}, CacheDir: t.TempDir(), DescribeTimeout: 2 * time.Second})
	t.Cleanup(func() { p.Close() })
	return p, logs
}

// call resolves f.NAME and calls it with x.
func call(t *testing.T, p *host.Provider, ctx context.Context, name string, x int64) (any, error) {
	t.Helper()
	op, err := p.Op("f." + name)
	if err != nil {
		t.Fatal(err)
	}
	return op.Go(ctx, []any{x})
}

func TestCallsAndErrors(t *testing.T) {
	p, _ := provider(t, faulty)
	op, err := p.Op("f.echo")
	if err != nil {
		t.Fatal(err)
	}
	if got := operator.Signature(op); got != "f.echo(x: int) -> any" {
		t.Errorf("signature %q", got)
	}
	if v, err := op.Go(context.Background(), []any{int64(7)}); v != int64(7) || err != nil {
		t.Errorf("echo(7) = %v, %v", v, err)
	}
	_, err = call(t, p, context.Background(), "fail", 5)
	var pe *plugin.Error
	if !errors.As(err, &pe) || err.Error() != "ValueError: x is bad" || pe.Details.(map[string]any)["x"] != int64(5) {
		t.Errorf("fail: %#v", err)
	}
	if _, err := p.Op("f.ecko"); !errors.Is(err, operator.ErrUnknown) || !strings.Contains(err.Error(), "has no operator ecko") {
		t.Errorf("f.ecko: %v", err)
	}
	if near := p.Near("f.ecko"); strings.Join(near, " ") != "f.crash f.echo f.fail f.flaky f.garbage f.hang f.stray" {
		t.Errorf("Near: %v", near)
	}
}

// TestCrashRestarts: a plugin that dies mid-call fails that call with the
// tail of its stderr, and the next call gets a new process.
func TestCrashRestarts(t *testing.T) {
	p, logs := provider(t, faulty)
	_, err := call(t, p, context.Background(), "crash", 1)
	if err == nil || !strings.Contains(err.Error(), "plugin f (") || !strings.Contains(err.Error(), "running f.crash exited (exit status 3) during the call; its last output:\nabout to crash") {
		t.Fatalf("crash: %v", err)
	}
	if !strings.Contains(logs.String(), "f.crash: about to crash") {
		t.Errorf("the plugin's stderr is its log, prefixed with the operator: %q", logs.String())
	}
	if v, err := call(t, p, context.Background(), "echo", 2); v != int64(2) || err != nil {
		t.Errorf("the call after a crash: %v, %v", v, err)
	}
}

// TestStrayAnswerRestarts: an answer to another call is an error, and the
// process, now out of step, is replaced, so the next call does not read the
// stale answer left in its pipe.
func TestStrayAnswerRestarts(t *testing.T) {
	p, _ := provider(t, faulty)
	_, err := call(t, p, context.Background(), "stray", 1)
	if err == nil || !strings.Contains(err.Error(), "which is not an answer to it") || !strings.Contains(err.Error(), "the process was restarted") {
		t.Fatalf("stray: %v", err)
	}
	if v, err := call(t, p, context.Background(), "echo", 2); v != int64(2) || err != nil {
		t.Errorf("the call after a stray answer: %v, %v", v, err)
	}
}

// TestGarbage: output that is not the protocol is an error naming the plugin.
func TestGarbage(t *testing.T) {
	p, _ := provider(t, faulty)
	_, err := call(t, p, context.Background(), "garbage", 1)
	if err == nil || !strings.Contains(err.Error(), "plugin f (") || !strings.Contains(err.Error(), "wrote output that is not the protocol") {
		t.Fatalf("garbage: %v", err)
	}
	if v, err := call(t, p, context.Background(), "echo", 2); v != int64(2) || err != nil {
		t.Errorf("the call after garbage: %v, %v", v, err)
	}
}

// TestHang: a call that never answers ends with its context (the task's
// timeout), killing the process.
func TestHang(t *testing.T) {
	p, _ := provider(t, faulty)
	ctx, cancel := context.WithTimeout(context.Background(), 200*time.Millisecond)
	defer cancel()
	if _, err := call(t, p, ctx, "hang", 1); !errors.Is(err, context.DeadlineExceeded) {
		t.Fatalf("hang: %v", err)
	}
	if v, err := call(t, p, context.Background(), "echo", 2); v != int64(2) || err != nil {
		t.Errorf("the call after a hang: %v, %v", v, err)
	}
}

// TestDescribeFaults: a plugin that cannot describe itself is an error
// naming it and saying what went wrong.
func TestDescribeFaults(t *testing.T) {
	cases := []struct{ env, want string }{
		{"FAULT_DESCRIBE=garbage", "did not describe its operators: running describe wrote output that is not the protocol"},
		{"FAULT_DESCRIBE=silent", "did not describe its operators: no answer to describe within 2s"},
		{"FAULT_DESCRIBE=exit", "did not describe its operators: running describe exited (exit status 4) during the call; its last output:\ncannot find my config file"},
		{"FAULT_DESCRIBE=version", "speaks protocol version 2; this flowspec speaks version 1"},
		{"FAULT_DESCRIBE=badtype", `operator f: parameter "x" has type "integer"`},
	}
	for _, c := range cases {
		t.Run(c.env, func(t *testing.T) {
			p, _ := provider(t, wrapper(t, c.env))
			_, err := p.Op("f.echo")
			if err == nil || !strings.Contains(err.Error(), c.want) || !strings.Contains(err.Error(), "plugin f (") {
				t.Errorf("got %v\nwant it to contain %q", err, c.want)
			}
		})
	}
}

// TestNotExecutable: a missing or non-executable file says so, with the fix.
func TestNotExecutable(t *testing.T) {
	plain := filepath.Join(t.TempDir(), "flowspec-plugin-f")
	if err := os.WriteFile(plain, []byte("#!/bin/sh\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	for path, want := range map[string]string{plain: "permission denied", plain + "-gone": "no such file"} {
		p, _ := provider(t, path)
		_, err := p.Op("f.echo")
		var f *host.Failure
		if !errors.As(err, &f) || !strings.Contains(err.Error(), "cannot be started: "+want) || !strings.Contains(f.Hint(), "chmod +x") {
			t.Errorf("%s: %v", path, err)
		}
	}
}

// TestDescribeCached: describe is asked once per executable content.
func TestDescribeCached(t *testing.T) {
	dir := t.TempDir()
	path := wrapper(t, "")
	cfg := host.Config{CacheDir: dir}
	if _, err := host.New(host.Plugin{Name: "f", Path: path}, cfg).Describe(); err != nil {
		t.Fatal(err)
	}
	entries, _ := os.ReadDir(dir)
	if len(entries) != 1 {
		t.Fatalf("cache holds %d entries", len(entries))
	}
	// the same content answers from the cache: the plugin is not run
	if err := os.WriteFile(path, []byte("#!/bin/sh\nexit 9\n#"+strings.Repeat(" ", 0)), 0o755); err != nil {
		t.Fatal(err)
	}
	if _, err := host.New(host.Plugin{Name: "f", Path: path}, cfg).Describe(); err == nil {
		t.Error("a changed executable must be asked again")
	}
}
