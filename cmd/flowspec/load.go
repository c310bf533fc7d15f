package main

import (
	"os"
	"strings"

	"github.com/flowspec/flowspec"
	"github.com/flowspec/flowspec/compiler"
	"github.com/flowspec/flowspec/internal/tty"
	"github.com/flowspec/flowspec/operator"
	"github.com/flowspec/flowspec/spec"
	"github.com/urfave/cli/v2"
)

// paramFlag is the repeatable --param NAME=VALUE flag.
var paramFlag = &cli.StringSliceFlag{
	Name:    "param",
	Aliases: []string{"p"},
	Usage:   "set a flow parameter, `NAME=VALUE` (repeatable); lists and maps as JSON",
}

// loadFlow loads and checks the flow file named by the command's argument,
// printing diagnostics and failing with exit code 2 when it is invalid.
// The registry it returns resolves the flow's operators, its Python
// functions included; closing it ends their worker processes.
func loadFlow(c *cli.Context) (*spec.Flow, *operator.Registry, error) {
	if c.NArg() != 1 {
		return nil, nil, exitf(kindInvalid, "%s: name one flow file, e.g. flowspec %s flow.yaml", c.Command.Name, c.Command.Name)
	}
	file := c.Args().First()
	pre := preload(file)
	reg, err := flowRegistry(pythonConfig(c, file, pythonBlock(pre)), pre)
	if err != nil {
		return nil, nil, err
	}
	flow, diags := flowspec.Load(file, reg)
	if diags.HasErrors() {
		return nil, nil, renderLoadErrors(diags)
	}
	if len(flow.Unchecked) > 0 {
		return nil, nil, renderLoadErrors(diags) // no Python: the warning says so
	}
	return flow, reg, nil
}

// compileFlow compiles flow with the command line's params and optimizes
// it as the flags ask, printing diagnostics on failure.
func compileFlow(c *cli.Context, flow *spec.Flow, opts compiler.Config) (*compiler.Graph, error) {
	g, err := compileParams(c, flow, opts)
	if err != nil {
		return nil, err
	}
	g, _, err = optimizeGraph(c, g, opts.Registry, c.Int("workers"))
	return g, err
}

// compileParams compiles flow with the command line's params, printing
// diagnostics on failure; the graph is not optimized (and may be lazy).
func compileParams(c *cli.Context, flow *spec.Flow, opts compiler.Config) (*compiler.Graph, error) {
	params, err := parseParams(c.StringSlice("param"))
	if err != nil {
		return nil, err
	}
	if opts.Params == nil {
		opts.Params = params
	} else {
		for k, v := range params {
			opts.Params[k] = v
		}
	}
	// --target reads whole groups before the optimizer expands rule groups
	opts.Lazy = opts.Lazy && len(c.StringSlice("target")) == 0
	g, diags := flowspec.Compile(flow, opts)
	if diags.HasErrors() {
		return nil, renderLoadErrors(diags)
	}
	return g, nil
}

// renderLoadErrors prints diagnostics as text on stderr and ends with exit 2.
func renderLoadErrors(ds spec.Diagnostics) error {
	if err := spec.Render(os.Stderr, ds, readSource, "text", tty.Color(os.Stderr)); err != nil {
		return err
	}
	return silentExit(kindInvalid)
}

// parseParams reads --param NAME=VALUE flags.
func parseParams(flags []string) (map[string]any, error) {
	out := make(map[string]any, len(flags))
	for _, f := range flags {
		name, value, ok := strings.Cut(f, "=")
		if !ok || strings.TrimSpace(name) == "" {
			return nil, exitf(kindInvalid, "--param %q: write it as NAME=VALUE, e.g. --param n=1000", f)
		}
		out[strings.TrimSpace(name)] = compiler.RawParam(value)
	}
	return out, nil
}
