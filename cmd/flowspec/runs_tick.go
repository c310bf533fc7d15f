package main

import (
	"fmt"
	"time"

	"github.com/flowspec/flowspec/store"
	"github.com/urfave/cli/v2"
)

// runTickJSON is the tick a scheduled run was started for, in `runs
// --output json` and `runs show --output json`.
type runTickJSON struct {
	RunID     string    `json:"run_id"` // the schedule log's id of the run
	Scheduled time.Time `json:"scheduled"`
	Clock     int       `json:"clock"` // 1-based, in file order, as `flowspec schedule` numbers them
	Attempt   int       `json:"attempt,omitempty"`
}

// readTicks reads the ticks of flow's ("" every flow's) scheduled runs.
func readTicks(c *cli.Context, st store.Store, flow string) (map[string]store.ScheduledTick, error) {
	ticks, err := store.Ticks(c.Context, st, flow)
	if err != nil {
		return nil, exitf(kindRunFailed, "cannot read the run store at %s: %v", st.Location(), err)
	}
	return ticks, nil
}

// tickJSONOf is a run's tick for JSON, nil for a run not scheduled.
func tickJSONOf(ticks map[string]store.ScheduledTick, id string) *runTickJSON {
	t, ok := ticks[id]
	if !ok {
		return nil
	}
	return &runTickJSON{RunID: t.TickID, Scheduled: t.Scheduled.UTC(), Clock: t.Clock + 1, Attempt: t.Attempt}
}

// tickColumn is the TICK column of `flowspec runs`: when a scheduled run
// was due, "-" for a run started by hand.
func tickColumn(ticks map[string]store.ScheduledTick, id string) string {
	t, ok := ticks[id]
	if !ok {
		return "-"
	}
	return t.Scheduled.Local().Format("2006-01-02 15:04:05")
}

// tickLine is `runs show`'s line about a scheduled run's tick, "" for a
// run started by hand.
func tickLine(ticks map[string]store.ScheduledTick, id string) string {
	t, ok := ticks[id]
	if !ok {
		return ""
	}
	line := fmt.Sprintf("scheduled tick %s (clock %d), %s in the schedule log", t.Scheduled.Local().Format("2006-01-02 15:04:05 -07:00"), t.Clock+1, t.TickID)
	if t.Attempt > 1 {
		line += fmt.Sprintf(", attempt %d after an interrupted run", t.Attempt)
	}
	return line
}
