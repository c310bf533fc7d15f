package main

import (
	"strings"

	"github.com/urfave/cli/v2"
)

// permuteArgs moves a command's positional arguments after its flags, so
// `flowspec run flow.yaml --param n=1000` works as people write it: urfave/cli
// v2 stops reading flags at the first positional argument. Arguments after
// "--" stay positional. Unknown flags are left for the parser to report. A
// command that reads its arguments itself (SkipFlagParsing: __complete,
// whose arguments are the words being completed) gets them as typed.
func permuteArgs(app *cli.App, args []string) []string {
	if len(args) < 2 {
		return args
	}
	cmd := findCommand(app.Commands, args[1])
	if cmd == nil || cmd.SkipFlagParsing {
		return args
	}
	prefix, rest := append([]string{}, args[:2]...), args[2:]
	for len(rest) > 0 {
		sub := findCommand(cmd.Subcommands, rest[0])
		if sub == nil {
			break
		}
		prefix, rest, cmd = append(prefix, rest[0]), rest[1:], sub
	}
	flags, pos := splitArgs(cmd.Flags, rest)
	return append(append(prefix, flags...), pos...)
}

// splitArgs separates flags (with their values) from positional arguments.
func splitArgs(defs []cli.Flag, rest []string) (flags, pos []string) {
	for i := 0; i < len(rest); i++ {
		a := rest[i]
		switch {
		case a == "--":
			return flags, append(append(pos, "--"), rest[i+1:]...)
		case strings.HasPrefix(a, "-") && a != "-":
			flags = append(flags, a)
			if !strings.Contains(a, "=") && takesValue(defs, strings.TrimLeft(a, "-")) && i+1 < len(rest) {
				flags = append(flags, rest[i+1])
				i++
			}
		default:
			pos = append(pos, a)
		}
	}
	if len(pos) > 0 {
		pos = append([]string{"--"}, pos...)
	}
	return flags, pos
}

// takesValue reports whether the flag called name reads the next argument.
func takesValue(defs []cli.Flag, name string) bool {
	for _, f := range defs {
		for _, n := range f.Names() {
			if n != name {
				continue
			}
			_, isBool := f.(*cli.BoolFlag)
			return !isBool
		}
	}
	return false
}

// findCommand returns the command called name (or an alias of it).
func findCommand(cmds []*cli.Command, name string) *cli.Command {
	for _, c := range cmds {
		if c.HasName(name) {
			return c
		}
	}
	return nil
}
