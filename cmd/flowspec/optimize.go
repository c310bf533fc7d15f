package main

import (
	"errors"
	"strings"

	"github.com/flowspec/flowspec"
	"github.com/flowspec/flowspec/compiler"
	"github.com/flowspec/flowspec/compiler/optimize"
	"github.com/flowspec/flowspec/operator"
	"github.com/flowspec/flowspec/spec"
	"github.com/urfave/cli/v2"
)

// optimizeFlags choose the optimizer passes for run and compile.
func optimizeFlags() []cli.Flag {
	return []cli.Flag{
		&cli.StringFlag{Name: "optimize", Aliases: []string{"O"}, Value: string(optimize.LevelDefault),
			Usage: "optimizer level: none, default (results bit-for-bit unchanged) or all (may reassociate float sums)"},
		&cli.StringSliceFlag{Name: "pass", Usage: "switch one optimizer pass, `NAME=on|off` (repeatable); passes: " + strings.Join(optimize.PassNames(), ", ")},
		&cli.StringSliceFlag{Name: "target", Aliases: []string{"t"}, Usage: "compute only `TASK` and what it needs (repeatable)"},
	}
}

// optimizeOptions reads the optimizer flags.
func optimizeOptions(c *cli.Context, threads int) (optimize.Options, error) {
	opts := optimize.Options{Level: optimize.Level(c.String("optimize")), Targets: c.StringSlice("target"), Threads: threads,
		MaxTasks: c.Int("max-tasks")}
	for _, p := range c.StringSlice("pass") {
		name, state, ok := strings.Cut(p, "=")
		if !ok || (state != "on" && state != "off") {
			return opts, exitf(kindInvalid, "--pass %q: write it as NAME=on or NAME=off, e.g. --pass fuse=off", p)
		}
		if opts.Passes == nil {
			opts.Passes = map[string]bool{}
		}
		opts.Passes[name] = state == "on"
	}
	if _, set := opts.Passes["cull"]; len(opts.Targets) > 0 && !set {
		if opts.Passes == nil {
			opts.Passes = map[string]bool{}
		}
		opts.Passes["cull"] = true // asking for targets asks for culling, at any level
	}
	return opts, nil
}

// optimizeGraph runs the optimizer over g as the flags ask.
func optimizeGraph(c *cli.Context, g *compiler.Graph, reg *operator.Registry, threads int) (*compiler.Graph, *optimize.Explain, error) {
	opts, err := optimizeOptions(c, threads)
	if err != nil {
		return nil, nil, err
	}
	if len(opts.Targets) > 0 {
		if g, err = g.WithTargetOutputs(opts.Targets); err != nil {
			return nil, nil, exitf(kindInvalid, "--target: %v", err)
		}
	}
	og, ex, err := flowspec.Optimize(g, reg, opts)
	var ds spec.Diagnostics
	if errors.As(err, &ds) { // rule groups past --max-tasks, at their position
		return nil, nil, renderLoadErrors(ds)
	}
	if err != nil {
		return nil, nil, exitf(kindInvalid, "%v", err)
	}
	return og, ex, nil
}
