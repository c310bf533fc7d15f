package main

import (
	"context"
	"errors"
	"fmt"
	"strings"

	"github.com/flowspec/flowspec/dask"
	"github.com/flowspec/flowspec/dask/client"
	"github.com/flowspec/flowspec/dask/gateway"
	"github.com/flowspec/flowspec/spec"
	"github.com/urfave/cli/v2"
)

// kind is what an outcome means for the exit code. Errors carry their kind
// by type (exitError, dask.ErrSchedulerLost, client.ErrUnreachable,
// gateway.ErrUnavailable, dask.ErrUnsupported, context cancellation), never
// by their wording; kindOf reads it and code maps it to the documented exit
// code, here and nowhere else.
type kind int

// The kinds, each with the exit code documented in `flowspec --help` and the
// README.
const (
	kindOK          kind = iota // 0: success
	kindRunFailed               // 1: a task failed, or the run could not finish
	kindInvalid                 // 2: the flow file or the command line is invalid
	kindUnreachable             // 3: the executor (a Dask cluster) could not be reached
	kindInterrupted             // 130: stopped by Ctrl-C or SIGTERM before finishing
)

// code is the process exit code of k.
func (k kind) code() int {
	switch k {
	case kindOK:
		return 0
	case kindInvalid:
		return 2
	case kindUnreachable:
		return 3
	case kindInterrupted:
		return 130
	}
	return 1
}

// exitError gives an error its kind on the way through urfave/cli back to
// main. An empty message means the details were already printed.
type exitError struct {
	kind kind
	msg  string
}

func (e *exitError) Error() string { return e.msg }

// exitf makes an exitError with a formatted message.
func exitf(k kind, format string, args ...any) error {
	return &exitError{kind: k, msg: sprintf(format, args...)}
}

// silentExit ends the command with k, its output already written.
func silentExit(k kind) error { return &exitError{kind: k} }

// kindOf classifies err by its type: an exitError says its kind; a scheduler
// lost mid-run failed the run; one that did not answer is unreachable; a
// graph Dask cannot run is invalid input; a cancelled context is an
// interruption; anything else is a run that failed.
func kindOf(err error) kind {
	var ee *exitError
	switch {
	case err == nil:
		return kindOK
	case errors.As(err, &ee):
		return ee.kind
	case errors.Is(err, dask.ErrSchedulerLost):
		return kindRunFailed // it was reached: the run failed, even if the redial was refused
	case errors.Is(err, client.ErrUnreachable), errors.Is(err, gateway.ErrUnavailable):
		return kindUnreachable
	case errors.Is(err, dask.ErrUnsupported):
		return kindInvalid
	case errors.Is(err, context.Canceled):
		return kindInterrupted
	}
	return kindRunFailed
}

// usageError marks the flag parser's complaints (unknown flag, bad value,
// missing argument) as invalid input; every command reports through it.
func usageError(c *cli.Context, err error, _ bool) error {
	if msg, ok := unknownFlag(c, err); ok {
		return &exitError{kind: kindInvalid, msg: msg}
	}
	return &exitError{kind: kindInvalid, msg: err.Error()}
}

// unknownFlag words "flag provided but not defined: -outptu" with the
// command's flag it most likely meant, and where the flags are listed.
func unknownFlag(c *cli.Context, err error) (string, bool) {
	name, ok := strings.CutPrefix(err.Error(), "flag provided but not defined: ")
	if !ok || c == nil {
		return "", false
	}
	name = strings.TrimLeft(name, "-")
	flags, cmd := c.App.Flags, commandPath(c)
	if c.Command != nil && c.Command.Name != "" && c.Command.Name != c.App.Name {
		flags = c.Command.Flags
	}
	var names []string
	primary := map[string]string{} // an alias -> the flag's own name
	for _, f := range flags {
		for _, n := range f.Names() {
			if len(n) > 1 {
				names = append(names, n)
				primary[n] = f.Names()[0]
			}
		}
	}
	msg := fmt.Sprintf("unknown flag --%s", name)
	if s := spec.DidYouMean(name, names); s != "" {
		msg += fmt.Sprintf(": did you mean --%s?", primary[s])
	}
	return msg + fmt.Sprintf(" (%s --help lists the flags)", cmd), true
}

// commandPath names the command of c as typed: "flowspec dask info".
func commandPath(c *cli.Context) string {
	var names []string
	for _, l := range c.Lineage() {
		if l.Command != nil && l.Command.Name != "" && l.Command.Name != c.App.Name {
			names = append([]string{l.Command.Name}, names...)
		}
	}
	return strings.Join(append([]string{c.App.Name}, names...), " ")
}

// unknownCommand is the action of a command that only holds subcommands (and
// of the app): with no argument it shows the help, otherwise the argument
// names no command, which is invalid input.
func unknownCommand(c *cli.Context) error {
	if c.NArg() == 0 {
		return cli.ShowSubcommandHelp(c)
	}
	if c.Args().First() == "help" {
		return helpFor(c, c.Args().Tail())
	}
	cmds := c.App.Commands
	if c.Command != nil && len(c.Command.Subcommands) > 0 {
		cmds = c.Command.Subcommands
	}
	return exitf(kindInvalid, "unknown command %q. %s", c.Args().First(), suggestCommand(cmds, c.Args().First()))
}

// classifyUsage sets usageError on cmds and their subcommands, and
// unknownCommand on those that only hold subcommands.
func classifyUsage(cmds []*cli.Command) {
	for _, c := range cmds {
		c.OnUsageError = usageError
		if c.Action == nil && len(c.Subcommands) > 0 {
			c.Action = unknownCommand
		}
		classifyUsage(c.Subcommands)
	}
}

// helpFor answers `flowspec help [COMMAND]`, which people type out of habit
// although the help command is hidden in favour of --help: the app's help,
// or the named command's, or the unknown-command error for a name that is
// none.
func helpFor(c *cli.Context, names []string) error {
	if len(names) == 0 {
		return cli.ShowAppHelp(c)
	}
	if c.App.Command(names[0]) == nil {
		return exitf(kindInvalid, "unknown command %q. %s", names[0], suggestCommand(c.App.Commands, names[0]))
	}
	return cli.ShowCommandHelp(c, names[0])
}

// suggestCommand names the command closest to a mistyped one by edit
// distance, as spec suggests field names ("rn" is run, not runs), else as
// urfave/cli would.
func suggestCommand(cmds []*cli.Command, name string) string {
	var names []string
	for _, c := range cmds {
		if !c.Hidden {
			names = append(names, c.Names()...)
		}
	}
	if s := spec.DidYouMean(name, names); s != "" {
		return fmt.Sprintf(cli.SuggestDidYouMeanTemplate, s)
	}
	return cli.SuggestCommand(cmds, name)
}
