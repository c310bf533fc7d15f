package main

import (
	"encoding/json"
	"fmt"
	"strings"

	"github.com/flowspec/flowspec/builtins"
	"github.com/flowspec/flowspec/operator"
	"github.com/flowspec/flowspec/plugin/host"
	"github.com/urfave/cli/v2"
)

func opsCommand() *cli.Command {
	return &cli.Command{
		Name:      "ops",
		Usage:     "list the operators a task can name with op:",
		ArgsUsage: "[NAME...]",
		Description: `Lists every operator with its signature and doc line, or the named ones in
full. A plugin's operators (geo.area) are listed when they are named (the
plugin found on PATH as flowspec-plugin-geo), and all of them for the
plugins of the flow given with --flow.

Examples:
   flowspec ops
   flowspec ops add sum geo.area
   flowspec ops --flow flow.yaml
   flowspec ops --format json`,
		Flags: []cli.Flag{formatFlag("text", "text or json"),
			&cli.StringFlag{Name: "flow", Usage: "also list the operators of the plugins flow `FILE` uses"}},
		Action: func(c *cli.Context) error {
			reg, err := opsRegistry(c)
			if err != nil {
				return err
			}
			defer reg.Close()
			ops, err := selectOps(reg, c.Args().Slice())
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

// opsRegistry is the built-ins with the plugins of --flow and those of
// the namespaces the arguments name.
func opsRegistry(c *cli.Context) (*operator.Registry, error) {
	reg, err := builtins.All()
	if err != nil {
		return nil, err
	}
	seen := map[string]bool{}
	if file := c.String("flow"); file != "" {
		flow := preload(file)
		if flow == nil {
			return nil, exitf(kindInvalid, "--flow %s: cannot read it as a flow (flowspec validate %s says why)", file, file)
		}
		found, missing := host.Discover(flow)
		addPlugins(reg, found, missing)
		for _, p := range found {
			seen[p.Name] = true
		}
	}
	found, _ := host.OnPath(c.Args().Slice(), seen)
	addPlugins(reg, found, nil)
	if err := resolvePluginOps(reg); err != nil {
		return nil, exitf(kindInvalid, "%v", err)
	}
	return reg, nil
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
