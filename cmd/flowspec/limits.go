package main

import (
	"github.com/flowspec/flowspec/compiler"
	"github.com/flowspec/flowspec/expression"
	"github.com/urfave/cli/v2"
)

// limitFlags raise (or lower) the budgets a compile keeps to; docs/limits.md
// says what each bounds and why its default is what it is.
func limitFlags() []cli.Flag {
	return []cli.Flag{
		&cli.IntFlag{Name: "max-tasks", Usage: "the most tasks a flow may be made into (mapped elements included; a map over range() counts its batches when batched)", Value: compiler.DefaultMaxTasks},
		&cli.Int64Flag{Name: "expr-memory", Usage: "MiB the compile-time ${{ }} expressions may make in all", Value: expression.DefaultMaxBytes >> 20},
		&cli.Int64Flag{Name: "expr-steps", Usage: "steps (calls and loop iterations) one ${{ }} expression may take", Value: expression.DefaultMaxSteps},
	}
}

// withLimits sets the budgets of cfg from the command line.
func withLimits(c *cli.Context, cfg compiler.Config) compiler.Config {
	cfg.MaxTasks = c.Int("max-tasks")
	cfg.ExprMemory = c.Int64("expr-memory") << 20
	cfg.ExprSteps = c.Int64("expr-steps")
	return cfg
}
