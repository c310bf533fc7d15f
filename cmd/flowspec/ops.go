package main

import (
	"encoding/json"
	"fmt"
	"strings"

	"github.com/flowspec/flowspec/builtins"
	"github.com/flowspec/flowspec/operator"
	"github.com/urfave/cli/v2"
)

func opsCommand() *cli.Command {
	return &cli.Command{
		Name:      "ops",
		Usage:     "list the operators a task can name with op:",
		ArgsUsage: "[NAME...]",
		Description: `Lists every operator with its signature and doc line, or the named ones in
full.

Examples:
   flowspec ops
   flowspec ops add sum
   flowspec ops --format json`,
		Flags: []cli.Flag{formatFlag("text", "text or json")},
		Action: func(c *cli.Context) error {
			ops, err := selectOps(builtins.Default(), c.Args().Slice())
			if err != nil {
				return err
			}
			switch f := c.String("format"); f {
			case "json":
				enc := json.NewEncoder(c.App.Writer)
				enc.SetIndent("", "  ")
				return enc.Encode(ops)
			case "text":
				writeOps(c, ops)
				return nil
			default:
				return exitf(kindInvalid, "unknown --format %q: use text or json", f)
			}
		},
	}
}

// selectOps returns the named operators, or all of them.
func selectOps(reg *operator.Registry, names []string) ([]*operator.Op, error) {
	if len(names) == 0 {
		return reg.Ops(), nil
	}
	ops := make([]*operator.Op, 0, len(names))
	for _, n := range names {
		op, ok := reg.Lookup(n)
		if !ok {
			return nil, exitf(kindInvalid, "unknown operator %q: run `flowspec ops` to list them", n)
		}
		ops = append(ops, op)
	}
	return ops, nil
}

// writeOps prints signatures and docs, one operator per line.
func writeOps(c *cli.Context, ops []*operator.Op) {
	for _, op := range ops {
		fmt.Fprintf(c.App.Writer, "%s\n    %s\n", operator.Signature(op), strings.TrimSpace(op.Doc))
	}
}
