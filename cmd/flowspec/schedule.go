package main

import (
	"encoding/json"
	"fmt"
	"io"
	"strings"
	"time"

	"github.com/flowspec/flowspec/runtime/schedule"
	"github.com/flowspec/flowspec/spec"
	"github.com/flowspec/flowspec/value"
	"github.com/urfave/cli/v2"
)

// scheduleCommand is `flowspec schedule FILE`: the next fire times of a
// flow's schedule, computed exactly as `flowspec run` will, without running
// anything.
func scheduleCommand() *cli.Command {
	return &cli.Command{
		Name:      "schedule",
		Usage:     "print the next fire times of a flow's schedule, without running anything",
		ArgsUsage: "FILE",
		Description: `Shows when each clock of the flow's schedule fires next, in the clock's
time zone, with the parameter values that clock passes to its runs. An
interval clock without start: counts from --from (default now), as a fresh
'flowspec run' would (one with no saved state runs at once); a restart with
saved state keeps the phase of its last run instead, and missed ticks follow
catchup.

Examples:
   flowspec schedule examples/dask-scheduled.yaml
   flowspec schedule --next 24 --from "2026-03-07 00:00" nightly.yaml
   flowspec schedule --format json flow.yaml`,
		Flags: []cli.Flag{
			&cli.IntFlag{Name: "next", Aliases: []string{"n"}, Value: 10, Usage: "how many fire times to print"},
			fromFlag,
			outputFlag("text", "text, or json"),
		},
		Action: scheduleAction,
	}
}

// scheduleAction plans the schedule from --from and prints the next ticks.
func scheduleAction(c *cli.Context) error {
	output := c.String("format")
	if output != "text" && output != "json" {
		return exitf(kindInvalid, "unknown --format %q: use text or json", output)
	}
	if c.Int("next") < 1 {
		return exitf(kindInvalid, "--next must be at least 1")
	}
	from, err := fromTime(c)
	if err != nil {
		return err
	}
	flow, reg, err := loadFlow(c)
	if err != nil {
		return err
	}
	defer reg.Close()
	if flow.Schedule == nil {
		return exitf(kindInvalid, "%s has no schedule: block; add e.g. schedule: {every: 1m}", flow.File)
	}
	plan, err := schedule.NewPlan(flow.Schedule, from)
	if err != nil {
		return exitf(kindInvalid, "%v", err)
	}
	ticks := plan.Upcoming(schedule.Cursor{Time: from, Clock: -1}, c.Int("next"))
	if output == "json" {
		return printTicksJSON(c.App.Writer, flow, ticks)
	}
	return printTicks(c.App.Writer, flow, ticks)
}

// printTicks writes one line per fire time: time with zone, clock, params.
func printTicks(w io.Writer, flow *spec.Flow, ticks []schedule.Tick) error {
	s := flow.Schedule
	fmt.Fprintf(w, "%s: next %d fire times (overlap: %s, catchup: %s)\n", flow.Name, len(ticks), orDefault(s.Overlap, spec.OverlapSkip), orDefault(s.Catchup, spec.CatchupNone))
	if len(ticks) == 0 {
		fmt.Fprintln(w, "  none: every clock has passed its end")
		return nil
	}
	width := 0
	for _, t := range ticks {
		width = max(width, len(t.Label))
	}
	for _, t := range ticks {
		line := "  " + t.Scheduled.Format("Mon 2006-01-02 15:04:05 -07:00 MST") + "  " + t.Label
		if p := paramText(t); p != "" {
			line += strings.Repeat(" ", width-len(t.Label)+2) + p
		}
		fmt.Fprintln(w, line)
	}
	return nil
}

// paramText renders a tick's params as name=value pairs, sorted.
func paramText(t schedule.Tick) string {
	var parts []string
	for _, a := range t.Params {
		v := value.JSON(schedule.ParamValues([]spec.Arg{a})[a.Name])
		parts = append(parts, a.Name+"="+strings.Trim(string(v), `"`))
	}
	return strings.Join(parts, " ")
}

// tickJSON is one fire time in `flowspec schedule --format json`.
type tickJSON struct {
	Time   time.Time       `json:"time"`
	Zone   string          `json:"zone"`
	Clock  int             `json:"clock"` // 1-based, in file order
	Label  string          `json:"label"`
	Params schedule.Params `json:"params,omitempty"`
}

// printTicksJSON writes {"flow": ..., "ticks": [...]}.
func printTicksJSON(w io.Writer, flow *spec.Flow, ticks []schedule.Tick) error {
	out := struct {
		Flow  string     `json:"flow"`
		Ticks []tickJSON `json:"ticks"`
	}{Flow: flow.Name, Ticks: []tickJSON{}}
	for _, t := range ticks {
		zone, _ := t.Scheduled.Zone()
		out.Ticks = append(out.Ticks, tickJSON{Time: t.Scheduled, Zone: zone, Clock: t.Clock + 1, Label: t.Label, Params: schedule.ParamValues(t.Params)})
	}
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	return enc.Encode(out)
}

// orDefault returns s, or def when s is empty.
func orDefault(s, def string) string {
	if s == "" {
		return def
	}
	return s
}
