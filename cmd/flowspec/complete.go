package main

import (
	"fmt"
	"slices"
	"strings"

	"github.com/flowspec/flowspec/builtins"
	"github.com/urfave/cli/v2"
)

// Directives __complete prints instead of candidates, for the shell to
// complete paths itself, quoting and all: filesDirective a flow file
// (*.yaml, *.yml and directories), pathsDirective any path (a flag's file).
const (
	filesDirective = ":files"
	pathsDirective = ":paths"
)

// completeCommand is the hidden command the completion scripts call with
// the words typed after `flowspec`, the last being the one under the
// cursor (maybe empty). It prints the candidates, one a line, read from
// the command tree itself, so a new command or flag completes without a
// change here.
func completeCommand() *cli.Command {
	return &cli.Command{
		Name:            "__complete",
		Hidden:          true,
		SkipFlagParsing: true,
		Action: func(c *cli.Context) error {
			words := c.Args().Slice()
			if len(words) == 0 {
				words = []string{""}
			}
			for _, s := range completions(c.App, words[:len(words)-1], words[len(words)-1]) {
				fmt.Fprintln(c.App.Writer, s)
			}
			return nil
		},
	}
}

// completions returns the candidates for cur after the complete words
// before: commands, then a command's subcommands, flags, or arguments
// (operator names for ops, shells for completion, flow files for the rest).
func completions(app *cli.App, before []string, cur string) []string {
	cmds, flags := app.Commands, app.Flags
	var cmd *cli.Command
	for i, w := range before {
		if strings.HasPrefix(w, "-") {
			continue
		}
		if i > 0 && readsValue(flags, before[i-1]) {
			continue // the value of a flag, not an argument
		}
		if sub := findCommand(cmds, w); sub != nil && !sub.Hidden {
			cmd, cmds, flags = sub, sub.Subcommands, sub.Flags
		}
	}
	switch {
	case len(before) > 0 && readsValue(flags, before[len(before)-1]):
		if takesFile(flags, before[len(before)-1]) {
			return []string{pathsDirective} // --states RUN.json, --state-dir DIR
		}
		return nil // a value only the user knows
	case strings.HasPrefix(cur, "-"):
		return flagNames(flags)
	case len(cmds) > 0:
		return commandNames(cmds)
	case cmd == nil:
		return nil
	}
	return argCandidates(cmd.Name)
}

// argCandidates are what a command's arguments may be.
func argCandidates(command string) []string {
	switch command {
	case "ops":
		return builtins.Default().Names()
	case "completion":
		return shells
	case "init":
		return nil // a new name
	}
	return []string{filesDirective}
}

// commandNames lists the visible commands.
func commandNames(cmds []*cli.Command) []string {
	var out []string
	for _, c := range cmds {
		if !c.Hidden {
			out = append(out, c.Name)
		}
	}
	return out
}

// flagNames lists every flag's names as typed: --long and -s.
func flagNames(flags []cli.Flag) []string {
	out := []string{"--help"}
	for _, f := range flags {
		if v, ok := f.(cli.VisibleFlag); ok && !v.IsVisible() {
			continue
		}
		for _, n := range f.Names() {
			if len(n) == 1 {
				out = append(out, "-"+n)
			} else {
				out = append(out, "--"+n)
			}
		}
	}
	return out
}

// readsValue reports whether word is a flag of flags that reads the next
// word as its value (--param, not --tasks nor --param=x).
func readsValue(flags []cli.Flag, word string) bool {
	return strings.HasPrefix(word, "-") && !strings.Contains(word, "=") && takesValue(flags, strings.TrimLeft(word, "-"))
}

// takesFile reports whether word is a flag whose value is a path.
func takesFile(flags []cli.Flag, word string) bool {
	switch f := lookupFlag(flags, word).(type) {
	case *cli.StringFlag:
		return f.TakesFile
	case *cli.PathFlag:
		return true
	}
	return false
}

// lookupFlag returns the flag word (-s or --long, without =value) names,
// or nil.
func lookupFlag(flags []cli.Flag, word string) cli.Flag {
	if !strings.HasPrefix(word, "-") || strings.Contains(word, "=") {
		return nil
	}
	name := strings.TrimPrefix(strings.TrimPrefix(word, "-"), "-")
	for _, f := range flags {
		if slices.Contains(f.Names(), name) {
			return f
		}
	}
	return nil
}
