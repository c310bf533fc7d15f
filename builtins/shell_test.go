package builtins_test

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/flowspec/flowspec/builtins"
)

// The shell operator's Go side, with real processes.

func shellRun(t *testing.T, ctx context.Context, pairs ...any) (any, error) {
	t.Helper()
	op, _ := builtins.Default().Lookup("shell")
	return op.Go(ctx, argsFor(t, op, kv(pairs...)))
}

func TestShell(t *testing.T) {
	dir := t.TempDir()
	real, _ := filepath.EvalSymlinks(dir)
	writeFile(t, filepath.Join(dir, "hello.sh"), "#!/bin/sh\necho hello from \"$1\"\n", 0o755)
	runFamily(t, []familyCase{
		// each value one argument: nothing in it is shell syntax
		ok("shell", "$(touch pwned); rm -rf / `id` 'q'", "cmd", []any{"printf", "%s", "$(touch pwned); rm -rf / `id` 'q'"}),
		ok("shell", "3 1.5 true", "cmd", []any{"echo", int64(3), 1.5, true}),
		ok("shell", "; echo injected", "script", `printf '%s' "$A"`, "env", map[string]any{"A": "; echo injected"}),
		ok("shell", "7", "script", `echo "$N"`, "env", map[string]any{"N": int64(7)}),
		ok("shell", "ABC\nD", "cmd", []any{"tr", "a-z", "A-Z"}, "stdin", "abc\nd\n\n"),
		ok("shell", real, "script", "pwd -P", "dir", dir),
		ok("shell", "hello from there", "cmd", []any{"./hello.sh", "there"}, "dir", dir),
		ok("shell", "a\n\nb", "script", `printf 'a\n\nb\n\n\n'`),
		ok("shell", []any{"a", "", "b"}, "script", `printf 'a\n\nb\n'`, "output", "lines"),
		ok("shell", []any{}, "cmd", []any{"true"}, "output", "lines"),
		ok("shell", map[string]any{"i": int64(1), "f": 1.0, "l": []any{nil, true, "x"}, "big": 1e20},
			"cmd", []any{"cat"}, "stdin", `{"i": 1, "f": 1.0, "l": [null, true, "x"], "big": 100000000000000000000}`, "output", "json"),
		bad("shell", `stdout is not JSON (output: json); it starts with "hello"`, "cmd", []any{"echo", "hello"}, "output", "json"),
		bad("shell", `stdout is empty, not JSON (output: json)`, "cmd", []any{"true"}, "output", "json"),
		bad("shell", `command "false" exited with status 1 (stderr was empty)`, "cmd", []any{"false"}),
		bad("shell", "script was killed by signal 9 (SIGKILL); stderr ends with:\nbye", "script", "echo bye >&2; kill -9 $$"),
		bad("shell", `command "no-such-command-xyz" not found (not in PATH)`, "cmd", []any{"no-such-command-xyz", "a"}),
		bad("shell", `command "./nope" not found`, "cmd", []any{"./nope"}, "dir", dir),
		bad("shell", `command "/" is a directory`, "cmd", []any{"/"}),
		bad("shell", `dir "/no/such/dir" does not exist`, "cmd", []any{"true"}, "dir", "/no/such/dir"),
		bad("shell", "shell takes cmd or script, not both: cmd runs one program with its arguments, script runs sh -c (pass it values through env)",
			"cmd", []any{"true"}, "script", "true"),
		bad("shell", `output must be "text", "lines" or "json", got "xml"`, "cmd", []any{"true"}, "output", "xml"),
		bad("shell", `max_output must be at least 1 byte, got 0`, "cmd", []any{"true"}, "max_output", int64(0)),
		bad("shell", `env name "A=B" is not valid: it must be non-empty, without "=" or NUL`, "cmd", []any{"true"}, "env", map[string]any{"A=B": "x"}),
		bad("shell", `cmd[1] contains a NUL byte, which a command cannot receive`, "cmd", []any{"echo", "a\x00b"}),
		bad("shell", `cmd must be a list, got string "ls -l"`, "cmd", "ls -l"),
	})
}

// TestShellStderrTail: a failing command's error shows the last ten lines
// of its stderr, and no more than 4 KiB of it, however much it printed.
func TestShellStderrTail(t *testing.T) {
	_, err := shellRun(t, context.Background(), "script", `for i in $(seq 1 20); do echo "line $i" >&2; done; exit 4`)
	want := "script exited with status 4; stderr ends with:\nline 11\nline 12\nline 13\nline 14\nline 15\nline 16\nline 17\nline 18\nline 19\nline 20"
	if err == nil || err.Error() != want {
		t.Fatalf("error %v, want %q", err, want)
	}
	_, err = shellRun(t, context.Background(), "script", `head -c 3000000 /dev/zero | tr '\0' x >&2; exit 1`)
	if err == nil || len(err.Error()) > 4200 || !strings.HasSuffix(err.Error(), "xxxx") {
		t.Fatalf("error of %d bytes, want the stderr tail bounded to 4 KiB", len(err.Error()))
	}
}

// TestShellOutputBound: a command printing more than max_output is stopped
// and the error says where the output was cut and how to allow more.
func TestShellOutputBound(t *testing.T) {
	start := time.Now()
	_, err := shellRun(t, context.Background(), "cmd", []any{"yes"}, "max_output", int64(100000))
	want := `command "yes" printed more than 100000 bytes on stdout, so it was stopped and its output cut there (raise max_output to allow more)`
	if err == nil || err.Error() != want {
		t.Fatalf("error %v, want %q", err, want)
	}
	if d := time.Since(start); d > 5*time.Second {
		t.Errorf("stopping an endless command took %s", d)
	}
	got, err := shellRun(t, context.Background(), "script", "printf 12345", "max_output", int64(5))
	if err != nil || got != "12345" {
		t.Errorf("exactly max_output bytes: %v, %v", got, err)
	}
}

// TestShellTimeoutKillsGroup: when the context ends (a task's timeout),
// the whole process group dies, a grandchild started in the background
// included.
func TestShellTimeoutKillsGroup(t *testing.T) {
	pidFile := filepath.Join(t.TempDir(), "pid")
	ctx, cancel := context.WithTimeout(context.Background(), 300*time.Millisecond)
	defer cancel()
	start := time.Now()
	_, err := shellRun(t, ctx, "script", `sleep 100 & echo $! > "$PIDFILE"; wait`, "env", map[string]any{"PIDFILE": pidFile})
	if !errors.Is(err, context.DeadlineExceeded) {
		t.Fatalf("error %v, want the context's", err)
	}
	if d := time.Since(start); d > 5*time.Second {
		t.Errorf("the timed-out call returned after %s", d)
	}
	assertGone(t, readPid(t, pidFile))
}

// TestShellLeavesNothingBehind: a command that exits leaving a background
// process holding its stdout returns at once, and the process is killed.
func TestShellLeavesNothingBehind(t *testing.T) {
	pidFile := filepath.Join(t.TempDir(), "pid")
	start := time.Now()
	got, err := shellRun(t, context.Background(), "script", `sleep 100 & echo $! > "$PIDFILE"; echo done`, "env", map[string]any{"PIDFILE": pidFile})
	if err != nil || got != "done" {
		t.Fatalf("got %v, %v", got, err)
	}
	if d := time.Since(start); d > 5*time.Second {
		t.Errorf("returned after %s", d)
	}
	assertGone(t, readPid(t, pidFile))
}

// TestShellCommandShapes: files that cannot be run say why.
func TestShellCommandShapes(t *testing.T) {
	dir := t.TempDir()
	writeFile(t, filepath.Join(dir, "plain"), "echo hi\n", 0o644)
	writeFile(t, filepath.Join(dir, "garbage"), "\x00\x01\x02\x03", 0o755)
	runFamily(t, []familyCase{
		bad("shell", `command "./plain" is not executable`, "cmd", []any{"./plain"}, "dir", dir),
		bad("shell", `command "./garbage" could not start: exec format error`, "cmd", []any{"./garbage"}, "dir", dir),
	})
}

func readPid(t *testing.T, file string) int {
	t.Helper()
	raw, err := os.ReadFile(file)
	pid, perr := strconv.Atoi(strings.TrimSpace(string(raw)))
	if err != nil || perr != nil {
		t.Fatalf("pid file: %v %v", err, perr)
	}
	return pid
}

// assertGone waits up to 5s for process pid to be gone (or a zombie
// waiting for init to reap it).
func assertGone(t *testing.T, pid int) {
	t.Helper()
	for deadline := time.Now().Add(5 * time.Second); time.Now().Before(deadline); time.Sleep(20 * time.Millisecond) {
		if gone(pid) {
			return
		}
	}
	_ = syscall.Kill(pid, syscall.SIGKILL)
	t.Errorf("process %d outlived its shell call", pid)
}

func gone(pid int) bool {
	stat, err := os.ReadFile("/proc/" + strconv.Itoa(pid) + "/stat")
	if err != nil {
		return syscall.Kill(pid, 0) != nil
	}
	_, rest, _ := strings.Cut(string(stat), ") ")
	return strings.HasPrefix(rest, "Z")
}

func writeFile(t *testing.T, path, content string, mode os.FileMode) {
	t.Helper()
	if err := os.WriteFile(path, []byte(content), mode); err != nil {
		t.Fatal(err)
	}
}
