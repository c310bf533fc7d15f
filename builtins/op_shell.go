package builtins

import (
	"context"

	"github.com/flowspec/flowspec/operator"
	"github.com/flowspec/flowspec/value"
)

// defaultMaxOutput is how much stdout a shell call keeps unless max_output
// says otherwise: enough for any text a flow passes on, small enough that a
// runaway command cannot exhaust memory.
const defaultMaxOutput = 64 << 20

// opShell runs a command: the effects and the programs a flow brings are
// its own. The command is an argv list (no shell at all) or a script for
// sh -c that reads values from its environment, so a value can never be
// parsed as shell syntax. It is not pure, and isolated: each call is a
// task of its own, with its own timeout, process group and bounds.
func opShell() *operator.Op {
	return &operator.Op{
		Name: "shell",
		Doc: "Run a command and return its output. cmd is the program and its arguments, one value each (no shell); " +
			"script is run by sh -c and reads values from env, never from its text. " +
			"A non-zero exit fails the task with the last lines of stderr.",
		Params: []operator.Param{
			optional("cmd", value.List, []any{}, "the program and its arguments, each value one argument (rendered as text)"),
			optional("script", value.String, "", "a script run by sh -c; pass values to it through env"),
			optional("env", value.Map, map[string]any{}, "environment variables added to the inherited ones, values rendered as text"),
			optional("dir", value.String, "", `the working directory; "" for the current one`),
			optional("stdin", value.String, "", "text fed to the command's standard input"),
			optional("output", value.String, "text", `"text" (stdout without trailing newlines), "lines" (a list) or "json" (parsed)`),
			optional("max_output", value.Int, int64(defaultMaxOutput), "the most bytes of stdout kept; a command printing more is stopped and fails"),
		},
		Result:   value.Any,
		Isolated: true,
		Check:    checkShell,
		Go: func(ctx context.Context, args []any) (any, error) {
			c, err := newShellCall(args)
			if err != nil {
				return nil, err
			}
			return c.run(ctx)
		},
		Examples: []operator.Example{
			ex("hello world", "cmd", []any{"echo", "hello", "world"}),
			ex([]any{"a", "b c"}, "cmd", []any{"printf", `%s\n`, "a", "b c"}, "output", "lines"),
			ex("hi flowspec", "script", `echo "hi $WHO"`, "env", map[string]any{"WHO": "flowspec"}),
			ex(map[string]any{"n": int64(3)}, "cmd", []any{"cat"}, "stdin", `{"n": 3}`, "output", "json"),
			exErr(`command "false" exited with status 1 (stderr was empty)`, "cmd", []any{"false"}),
			exErr(`script exited with status 3; stderr ends with:`+"\nno input", "script", "echo no input >&2; exit 3"),
			exErr(`shell needs a command: give cmd (the program and its arguments) or script (run by sh -c)`),
		},
	}
}
