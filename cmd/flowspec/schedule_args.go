package main

import (
	"fmt"
	"strings"

	"github.com/urfave/cli/v2"
)

// flagsAfterFile lets a command be written the way its docs show it,
// `flowspec schedule FILE --next 10`: urfave/cli v2 stops reading flags at
// the first argument, so when flags follow the file the command is run again
// with the flags first. It reports whether it did (and the rerun's error).
func flagsAfterFile(c *cli.Context) (bool, error) {
	tail := c.Args().Tail()
	if c.NArg() < 2 || !strings.HasPrefix(tail[0], "-") {
		return false, nil
	}
	args := []string{c.App.Name, c.Command.Name}
	for _, f := range c.Command.Flags {
		args = append(args, setFlagArgs(c, f)...)
	}
	args = append(append(args, tail...), c.Args().First())
	return true, c.App.RunContext(c.Context, args)
}

// setFlagArgs renders a flag the user set as --name=value arguments.
func setFlagArgs(c *cli.Context, f cli.Flag) []string {
	name := f.Names()[0]
	if !c.IsSet(name) {
		return nil
	}
	if _, ok := f.(*cli.StringSliceFlag); ok {
		var out []string
		for _, v := range c.StringSlice(name) {
			out = append(out, "--"+name+"="+v)
		}
		return out
	}
	return []string{fmt.Sprintf("--%s=%v", name, c.Value(name))}
}
