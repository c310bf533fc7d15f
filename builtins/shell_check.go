package builtins

import (
	"errors"

	"github.com/flowspec/flowspec/operator"
)

// checkShell is shell's static check: newShellCall's rules that need no
// process and no file system, on the arguments known before the run.
func checkShell(args operator.StaticArgs) []operator.ArgProblem {
	ps := checkCommand(args)
	return append(ps, checkRules(
		argRule{param: "env", check: func(v any) error { _, err := shellEnvNames(v); return err }, hint: "rename the variable: letters, digits and _ are safe"},
		argRule{param: "output", check: func(v any) error { _, err := outputArg(v); return err },
			hint: `use "text", "lines" or "json", or leave output out for "text"`},
		argRule{param: "max_output", check: func(v any) error { _, err := maxOutputArg(v); return err },
			hint: "give a positive number of bytes, or leave max_output out for 64 MiB"},
	)(args)...)
}

// checkCommand checks cmd and script together, when both are known: one
// of them, not both, and no NUL byte. A problem about script names it, any
// other names cmd.
func checkCommand(args operator.StaticArgs) []operator.ArgProblem {
	cmd, cok := args.Known("cmd")
	script, sok := args.Known("script")
	if !cok || !sok {
		return nil
	}
	_, _, err := shellArgv(cmd, script)
	if err == nil {
		return nil
	}
	p := operator.ArgProblem{Param: "cmd", Message: err.Error(), Hint: "remove the NUL byte; a command line cannot carry one"}
	switch {
	case errors.Is(err, errNoCommand):
		p.Hint = `add cmd: [program, arg, ...] to run a program, or script: "..." to run sh -c`
	case errors.Is(err, errTwoCommands):
		p.Param, p.Hint = "script", "keep one: cmd runs a program with its arguments, script runs sh -c"
	case script != "":
		p.Param = "script"
	}
	return []operator.ArgProblem{p}
}
