package main

import (
	"context"
	"fmt"
	"time"

	"github.com/flowspec/flowspec"
	"github.com/flowspec/flowspec/compiler"
	"github.com/flowspec/flowspec/runtime"
	"github.com/flowspec/flowspec/runtime/schedule"
	"github.com/flowspec/flowspec/spec"
	"github.com/flowspec/flowspec/store"
	"github.com/urfave/cli/v2"
)

func runCommand() *cli.Command {
	return &cli.Command{
		Name:      "run",
		Usage:     "compile a flow and run it, in process or on a Dask cluster",
		ArgsUsage: "FILE",
		Description: `Runs the flow once, or on its schedule until stopped when it has one.
The executor comes from --executor/--address, then FLOWSPEC_EXECUTOR,
FLOWSPEC_DASK_ADDRESS or DASK_SCHEDULER_ADDRESS, then the file's executor:
block, else the in-process executor.

Examples:
   flowspec run examples/dask-example.yaml
   flowspec run --param n=1000 --format json examples/dask-example.yaml
   flowspec run --address tcp://127.0.0.1:8786 examples/dask-example.yaml
   flowspec run --once examples/dask-scheduled.yaml`,
		Flags: append([]cli.Flag{
			paramFlag,
			outputFlag("text", "text, or json for a machine-readable result"),
			&cli.IntFlag{Name: "workers", Aliases: []string{"w"}, Usage: "in-process worker goroutines", DefaultText: "one per CPU"},
			&cli.BoolFlag{Name: "no-progress", Usage: "no live progress display, only the summary"},
			&cli.Int64Flag{Name: "seed", Usage: "seed for rand(), for reproducible runs", DefaultText: "random"},
			pythonFlag,
			storeFlag,
			resumeFlag,
		}, append(append(append(executorFlags(), optimizeFlags()...), scheduleFlags()...), limitFlags()...)...),
		Action: runAction,
	}
}

// runAction loads, compiles and runs the flow: once, or on its schedule.
func runAction(c *cli.Context) error {
	output := c.String("format")
	if output != "text" && output != "json" {
		return exitf(kindInvalid, "unknown --format %q: use text or json", output)
	}
	flow, reg, err := loadFlow(c)
	if err != nil {
		return err
	}
	defer reg.Close()
	exec, err := resolveExecutor(c, flow, reg)
	if err != nil {
		return err
	}
	if exec == nil { // --explain-config printed the settings
		return nil
	}
	defer exec.close()
	if flow.Schedule != nil && !c.Bool("no-schedule") {
		k, err := runScheduled(c, flow, func(ctx context.Context, t schedule.Tick, st store.Store) (*runtime.Result, error) {
			return runTick(ctx, c, flow, exec, t, st)
		})
		if err != nil {
			return err
		}
		return kindToError(k)
	}
	return runOnce(c, flow, exec)
}

// runOnce compiles and runs the flow one time, with Ctrl-C and SIGTERM
// cancelling the run (a second one exits at once), and records it in the
// run store unless that is off.
func runOnce(c *cli.Context, flow *spec.Flow, exec *executorChoice) error {
	st, err := openRecording(c)
	if err != nil {
		return err
	}
	if st != nil {
		defer st.Close()
	}
	// A resumed run compiles as the run it resumes did (lazily: rule groups
	// become the same batches), so their tasks match one by one.
	plan, err := planRun(c, flow, withLimits(c, compiler.Config{Registry: exec.reg, Lazy: exec.lazy}), st)
	if err != nil {
		return err
	}
	g := plan.graph
	if err := exec.check(g); err != nil {
		return exitf(kindInvalid, "%v", err)
	}
	ctx, stop := interruptible(c.Context, c.App.ErrWriter)
	defer stop()
	ex, err := exec.open(ctx)
	if err != nil {
		return err
	}
	defer closeExecutor(ex)
	plan.announce(c)
	rec, err := plan.startRecording(ctx, st, ex.Name())
	if err != nil {
		return err
	}
	ex = withCache(c, ex, rec)
	disp := newDisplay(c, g, ex.Name())
	res, err := flowspec.Run(watched(ctx, rec), g, ex, disp.sink)
	outcome := runOutcome(ctx, res, err)
	werr := disp.finish(res, err)
	plan.finishRecording(c, ctx, st, rec, res, err)
	if werr != nil {
		fmt.Fprintf(c.App.ErrWriter, "flowspec: cannot write the result: %v\n", werr)
		if outcome == nil {
			outcome = silentExit(kindRunFailed)
		}
	}
	return outcome
}

// runTick is one scheduled run: compile with the clock's params, then run,
// recorded in the run store unless that is off.
func runTick(ctx context.Context, c *cli.Context, flow *spec.Flow, exec *executorChoice, t schedule.Tick, st store.Store) (*runtime.Result, error) {
	p := tickPlan(c, flow, t, st)
	g, err := compileFlow(c, flow, withLimits(c, compiler.Config{Seed: p.run.Seed, Params: tickParams(t), Scheduled: t.Scheduled, RunID: t.RunID, Registry: exec.reg, Lazy: exec.lazy}))
	if err != nil {
		return nil, err
	}
	if err := exec.check(g); err != nil {
		return nil, err
	}
	ex, err := exec.open(ctx)
	if err != nil {
		return nil, err
	}
	defer closeExecutor(ex)
	p.graph = g
	rec, err := p.startTick(ctx, c, st, ex.Name(), t)
	if err != nil {
		return nil, err
	}
	res, err := flowspec.Run(watched(ctx, rec), g, ex, nil)
	p.finishTick(ctx, c, st, rec, res, err)
	return res, err
}

// tickParams passes a clock's params: to the compiler as written in the file,
// so they are typed and positioned like any other value.
func tickParams(t schedule.Tick) map[string]any {
	out := make(map[string]any, len(t.Params))
	for _, a := range t.Params {
		out[a.Name] = a.Value
	}
	return out
}

// runOutcome maps a finished run to the command's result.
func runOutcome(ctx context.Context, res *runtime.Result, err error) error {
	switch {
	case ctx.Err() != nil:
		return exitf(kindInterrupted, "interrupted: the run was cancelled")
	case err != nil:
		return err
	case res != nil && !res.OK():
		return silentExit(kindRunFailed)
	}
	return nil
}

// kindToError turns a scheduler loop's outcome into the command's result.
func kindToError(k kind) error {
	if k == kindOK {
		return nil
	}
	return silentExit(k)
}

// closeExecutor releases an executor's connections, if it holds any.
func closeExecutor(ex runtime.Executor) {
	if cl, ok := ex.(interface{ Close() error }); ok {
		done := make(chan struct{})
		go func() { _ = cl.Close(); close(done) }()
		select {
		case <-done:
		case <-time.After(5 * time.Second):
		}
	}
}
