package main

import (
	"context"
	"fmt"
	"sync"
	"time"

	"github.com/flowspec/flowspec/internal/address"
	"github.com/flowspec/flowspec/runtime"
	"github.com/flowspec/flowspec/runtime/schedule"
	"github.com/flowspec/flowspec/spec"
	"github.com/flowspec/flowspec/store"
	"github.com/urfave/cli/v2"
)

// scheduleFlags are the `run` flags for flows with a schedule.
func scheduleFlags() []cli.Flag {
	return []cli.Flag{
		&cli.BoolFlag{Name: "once", Usage: "scheduled flows: run once now, with the next clock's params, and exit"},
		&cli.BoolFlag{Name: "no-schedule", Usage: "ignore the flow's schedule: one plain run, as for a flow without one"},
		&cli.DurationFlag{Name: "grace", Value: 30 * time.Second, Usage: "scheduled flows: on SIGINT/SIGTERM, how long the current run may take to finish before it is cancelled"},
		&cli.StringFlag{Name: "state-dir", TakesFile: true, EnvVars: []string{"FLOWSPEC_STATE_DIR"}, Usage: "scheduled flows: `DIR` of the state files (last tick, last run) used to catch up after downtime when the run store is off (default: .flowspec/state beside the flow file); with a store, the state lives in it and a state file found here is imported once"},
	}
}

// runScheduled runs flow on its schedule until SIGINT/SIGTERM, or once with
// --once, logging each run's start and end as one line (JSON lines with
// --format json) on stdout. run performs one run for a tick. The first
// SIGINT/SIGTERM stops the loop and gives the current run --grace to finish;
// a second exits at once (130). The exit code is
// 0 after a clean stop, 130 when a run had to be cancelled after --grace; with
// --once it is the run's own (0, 1 failed, 3 unreachable, 130 cancelled); a
// log that could not be written makes a clean exit 1. A non-nil error means
// the loop could not start.
func runScheduled(c *cli.Context, f *spec.Flow, run func(ctx context.Context, t schedule.Tick, st store.Store) (*runtime.Result, error)) (kind, error) {
	if c.Duration("grace") < 0 {
		return kindInvalid, exitf(kindInvalid, "--grace cannot be negative")
	}
	st, err := openRecordingFor(c, "the scheduled runs are not recorded and the schedule's state stays in its file")
	if err != nil {
		return kindRunFailed, err
	}
	if st != nil {
		defer st.Close()
	}
	keeper, where := scheduleKeeper(c, f, st)
	ctx, stop := interruptible(c.Context, c.App.ErrWriter)
	defer stop()
	loop := &schedule.Loop{
		Flow:     f.Name,
		Schedule: f.Schedule,
		Run:      func(ctx context.Context, t schedule.Tick) (*runtime.Result, error) { return run(ctx, t, st) },
		State:    keeper,
		Log:      scheduleLogger(c),
		Grace:    c.Duration("grace"),
	}
	if c.Bool("once") {
		out, err := loop.Once(ctx)
		if err != nil {
			return kindInvalid, exitf(kindInvalid, "%v", err)
		}
		return logExitCode(out, onceExitCode(out)), nil
	}
	if c.String("format") != "json" {
		fmt.Fprintf(c.App.ErrWriter, "flowspec: running %s on its schedule (state: %s); Ctrl-C or SIGTERM stops it\n", f.Name, where)
	}
	out, err := loop.Serve(ctx)
	if err != nil {
		return kindInvalid, exitf(kindInvalid, "%v", err)
	}
	if out.Cancelled {
		return kindInterrupted, nil
	}
	if out.Lost != nil {
		fmt.Fprintf(c.App.ErrWriter, "flowspec: %v; this process stopped so that only one runs the flow's ticks\n", out.Lost)
		return kindRunFailed, nil
	}
	return logExitCode(out, kindOK), nil
}

// logExitCode turns a clean exit into exit 1 when the schedule log could not
// be written (scheduleLogger has said why on stderr): a script reading the
// log must not take a truncated one for a complete one.
func logExitCode(out schedule.Outcome, k kind) kind {
	if out.LogErr != nil && k == kindOK {
		return kindRunFailed
	}
	return k
}

// scheduleLogger writes the loop's events to stdout: text lines, or JSON
// lines with --format json. The first line that cannot be written is
// reported on stderr at once, since the loop may run for days after it.
// Errors and messages are logged with any address's password masked.
func scheduleLogger(c *cli.Context) schedule.Logger {
	log := schedule.NewTextLogger(c.App.Writer)
	if c.String("format") == "json" {
		log = schedule.NewJSONLogger(c.App.Writer)
	}
	var once sync.Once
	return schedule.LoggerFunc(func(e schedule.Event) error {
		e.Error, e.Message = address.Redact(e.Error), address.Redact(e.Message)
		err := log.Log(e)
		if err != nil {
			once.Do(func() {
				fmt.Fprintf(c.App.ErrWriter, "flowspec: cannot write the schedule log: %v\n", err)
			})
		}
		return err
	})
}

// onceExitCode maps the single run of --once to the exit codes of a plain run.
func onceExitCode(out schedule.Outcome) kind {
	switch {
	case out.Cancelled:
		return kindInterrupted
	case out.Err != nil:
		return kindOf(out.Err)
	case out.Failed > 0:
		return kindRunFailed
	}
	return kindOK
}
