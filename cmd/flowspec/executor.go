package main

import (
	"context"
	"fmt"
	"strconv"

	"github.com/flowspec/flowspec/compiler"
	"github.com/flowspec/flowspec/dask"
	"github.com/flowspec/flowspec/dask/client"
	"github.com/flowspec/flowspec/operator"
	"github.com/flowspec/flowspec/runtime"
	"github.com/flowspec/flowspec/spec"
	"github.com/urfave/cli/v2"
)

// executorChoice is where runs go: open makes an executor for one run
// (scheduled flows open one per run, so a cluster unreachable for one run is
// dialled afresh for the next); check rejects a graph the executor cannot run,
// before any cluster is contacted.
type executorChoice struct {
	open  func(ctx context.Context) (runtime.Executor, error)
	check func(g *compiler.Graph) error
	reg   *operator.Registry // the flow's operators, Python functions included
	// lazy: maps that follow a rule may compile as rule groups, made into
	// batches by the optimizer (both executors: a batch's range reaches
	// Dask as a Python range).
	lazy bool
	// release gives back what open acquired for all runs (a Dask Gateway
	// cluster flowspec created); nil when there is nothing.
	release func()
}

// close releases what the choice holds, whatever the runs' outcome.
func (e *executorChoice) close() {
	if e != nil && e.release != nil {
		e.release()
	}
}

// executorFlags choose where a run goes; see dask.Resolve for precedence.
func executorFlags() []cli.Flag {
	return []cli.Flag{
		&cli.StringFlag{Name: "executor", Aliases: []string{"e"}, Usage: "local or dask (default: from FLOWSPEC_EXECUTOR, the address, the file, else local)"},
		&cli.StringFlag{Name: "address", Aliases: []string{"a"}, Usage: "Dask scheduler `ADDRESS` (tcp://host:port or tls://host:port); selects dask"},
		&cli.BoolFlag{Name: "explain-config", Usage: "print each executor setting and where it came from, then exit"},
		&cli.BoolFlag{Name: "allow-work-stealing", Usage: "run tasks marked idempotent: false even when the cluster steals work"},
	}
}

// resolveExecutor settles the executor configuration and, for Dask, reads
// its TLS files before any connection. With --explain-config it prints the
// settings and returns nil.
func resolveExecutor(c *cli.Context, flow *spec.Flow, reg *operator.Registry) (*executorChoice, error) {
	cfg, err := dask.Resolve(dask.Inputs{Executor: c.String("executor"), Address: c.String("address"), File: flow.Executor})
	if err != nil {
		return nil, exitf(kindInvalid, "%v", err)
	}
	if c.Bool("explain-config") {
		if err := cfg.Explain(c.App.Writer); err != nil {
			return nil, err
		}
		py := pythonConfig(c, flow.File, flow.Python)
		return nil, py.Explain(c.App.Writer)
	}
	if cfg.Executor.Value == "local" {
		workers := c.Int("workers")
		if workers == 0 {
			workers, _ = strconv.Atoi(cfg.LocalWorkers.Value)
		}
		setPythonWorkers(reg, workers)
		return &executorChoice{
			open:  func(context.Context) (runtime.Executor, error) { return runtime.NewLocal(reg, workers), nil },
			check: func(*compiler.Graph) error { return nil },
			reg:   reg,
			lazy:  true,
		}, nil
	}
	if err := cfg.LoadTLS(); err != nil {
		return nil, exitf(kindInvalid, "%v", err) // before any connection, and before a schedule's first tick
	}
	choice := &executorChoice{
		open:  daskOpener(c, cfg, flow, reg),
		check: func(g *compiler.Graph) error { return dask.Check(g, reg) },
		reg:   reg,
		lazy:  true,
	}
	if cfg.Gateway != nil {
		withGateway(c, cfg, choice)
	}
	return choice, nil
}

// daskOpener returns an opener that checks the cluster once (version,
// dashboard, work stealing) and then opens a Dask executor per run.
func daskOpener(c *cli.Context, cfg *dask.Config, flow *spec.Flow, reg *operator.Registry) func(context.Context) (runtime.Executor, error) {
	checked := false
	return func(ctx context.Context) (runtime.Executor, error) {
		if !checked {
			if err := checkCluster(ctx, c, cfg, flow); err != nil {
				return nil, err
			}
			checked = true
		}
		ex, err := dask.NewExecutor(cfg, reg)
		if err != nil {
			return nil, err
		}
		ex.Notice = func(msg string) { fmt.Fprintf(c.App.ErrWriter, "flowspec: %s\n", msg) }
		return ex, nil
	}
}

// checkCluster prints the dashboard link and enforces the work-stealing
// rule before the first run on a cluster.
func checkCluster(ctx context.Context, c *cli.Context, cfg *dask.Config, flow *spec.Flow) error {
	ctx, cancel := context.WithTimeout(ctx, cfg.TimeoutDuration())
	defer cancel()
	info, err := client.Info(ctx, cfg.Address.Value, cfg.DialOptions())
	if err != nil {
		return err
	}
	errOut := c.App.ErrWriter
	fmt.Fprintf(errOut, "dask: %s (distributed %s, %d workers, %d threads)\n", info.Address, info.Distributed, len(info.Workers), info.Threads)
	if info.Dashboard != "" && cfg.Gateway == nil { // a gateway's link is printed when its cluster starts
		fmt.Fprintf(errOut, "dask: %s\n", dashboardLine(info))
	}
	warning, err := dask.CheckStealing(info, flow)
	if err != nil && !c.Bool("allow-work-stealing") {
		return exitf(kindInvalid, "%v\n(pass --allow-work-stealing to run anyway)", err)
	}
	if warning != "" {
		fmt.Fprintf(errOut, "warning: %s\n", warning)
	}
	return nil
}
