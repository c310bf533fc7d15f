package builtins

import (
	"errors"
	"fmt"
	"maps"
	"os"
	"slices"
	"strings"

	"github.com/flowspec/flowspec/value"
)

// shellCall is one checked call of the shell operator: what to start,
// where, with what, and how to read what it prints. python/shell.py
// checks the same things in the same order, with the same messages.
type shellCall struct {
	argv   []string // argv[0] as written; path is what runs
	label  string   // how messages name the command: `command "ls"` or `script`
	env    []string // the whole environment, KEY=value
	dir    string
	stdin  string
	output string
	max    int64
}

// newShellCall checks the shell operator's arguments, in parameter order.
func newShellCall(args []any) (*shellCall, error) {
	c := &shellCall{}
	var err error
	if c.argv, c.label, err = shellArgv(args[0], args[1]); err != nil {
		return nil, err
	}
	if c.env, err = shellEnv(args[2]); err != nil {
		return nil, err
	}
	if c.dir, err = stringArg("dir", args[3]); err != nil {
		return nil, err
	}
	if c.stdin, err = stringArg("stdin", args[4]); err != nil {
		return nil, err
	}
	if c.output, err = outputArg(args[5]); err != nil {
		return nil, err
	}
	c.max, err = maxOutputArg(args[6])
	return c, err
}

// errNoCommand and errTwoCommands are shell's rule on cmd and script,
// which its static check (checkShell) reports before the run too.
var (
	errNoCommand   = errors.New("shell needs a command: give cmd (the program and its arguments) or script (run by sh -c)")
	errTwoCommands = errors.New("shell takes cmd or script, not both: cmd runs one program with its arguments, script runs sh -c (pass it values through env)")
)

// shellArgv returns the command line of cmd or script, whichever is given
// (exactly one must be), and the label messages name it by.
func shellArgv(cmd, script any) ([]string, string, error) {
	l, err := listArg("cmd", cmd)
	if err != nil {
		return nil, "", err
	}
	s, err := stringArg("script", script)
	if err != nil {
		return nil, "", err
	}
	switch {
	case len(l) == 0 && s == "":
		return nil, "", errNoCommand
	case len(l) > 0 && s != "":
		return nil, "", errTwoCommands
	case s != "":
		if err := noNUL("script", s); err != nil {
			return nil, "", err
		}
		return []string{"sh", "-c", s}, "script", nil
	}
	argv := make([]string, len(l))
	for i, v := range l {
		argv[i] = value.Text(v)
		if err := noNUL(item("cmd", i), argv[i]); err != nil {
			return nil, "", err
		}
	}
	return argv, "command " + value.Quote(argv[0]), nil
}

// shellEnv returns the inherited environment with env's variables added
// (replacing inherited ones of the same name), values rendered as text.
func shellEnv(env any) ([]string, error) {
	names, err := shellEnvNames(env)
	if err != nil {
		return nil, err
	}
	m := env.(map[string]any)
	out := make([]string, 0, len(os.Environ())+len(names))
	for _, kv := range os.Environ() {
		if k, _, _ := strings.Cut(kv, "="); !hasKey(m, k) {
			out = append(out, kv)
		}
	}
	for _, k := range names {
		out = append(out, k+"="+value.Text(m[k]))
	}
	return out, nil
}

// shellEnvNames checks env, a map whose names and values an environment
// can carry, in sorted order as python/shell.py does, and returns its
// names sorted.
func shellEnvNames(env any) ([]string, error) {
	m, err := mapArg("env", env)
	if err != nil {
		return nil, err
	}
	names := slices.Sorted(maps.Keys(m))
	for _, k := range names {
		if k == "" || strings.ContainsAny(k, "=\x00") {
			return nil, fmt.Errorf(`env name %s is not valid: it must be non-empty, without "=" or NUL`, value.Quote(k))
		}
		if err := noNUL("env["+value.Quote(k)+"]", value.Text(m[k])); err != nil {
			return nil, err
		}
	}
	return names, nil
}

func hasKey(m map[string]any, k string) bool {
	_, ok := m[k]
	return ok
}

// noNUL refuses text a command line or environment cannot carry.
func noNUL(what, s string) error {
	if strings.IndexByte(s, 0) >= 0 {
		return fmt.Errorf("%s contains a NUL byte, which a command cannot receive", what)
	}
	return nil
}

// outputArg checks how the command's stdout is to be read.
func outputArg(v any) (string, error) {
	s, err := stringArg("output", v)
	if err != nil {
		return "", err
	}
	switch s {
	case "text", "lines", "json":
		return s, nil
	}
	return "", fmt.Errorf(`output must be "text", "lines" or "json", got %s`, value.Repr(s))
}

// maxOutputArg checks the stdout bound.
func maxOutputArg(v any) (int64, error) {
	n, err := intArg("max_output", v)
	if err == nil && n < 1 {
		err = fmt.Errorf("max_output must be at least 1 byte, got %d", n)
	}
	return n, err
}

// lookupEnv returns the value of name in env (KEY=value entries).
func lookupEnv(env []string, name string) string {
	for i := len(env) - 1; i >= 0; i-- {
		if k, v, ok := strings.Cut(env[i], "="); ok && k == name {
			return v
		}
	}
	return ""
}
