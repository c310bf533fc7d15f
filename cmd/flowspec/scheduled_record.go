package main

import (
	"context"
	"fmt"
	"strings"

	"github.com/flowspec/flowspec/runtime"
	"github.com/flowspec/flowspec/runtime/schedule"
	"github.com/flowspec/flowspec/spec"
	"github.com/flowspec/flowspec/store"
	"github.com/flowspec/flowspec/value"
	"github.com/urfave/cli/v2"
)

// scheduleKeeper chooses where a flow's schedule state lives: the run store
// when one is open, else the state file (the store is off, or the default
// one cannot be opened). It returns the keeper and where, for the start line.
func scheduleKeeper(c *cli.Context, f *spec.Flow, st store.Store) (schedule.Keeper, string) {
	file := schedule.StateFile{Path: schedule.StatePath(f.File, f.Name, c.String("state-dir"))}
	if sc := store.ScheduleOf(st, f.Name); sc != nil {
		return &storeKeeper{ctx: c.Context, sc: sc, loc: st.Location(), file: file, notice: c.App.ErrWriter}, "the run store at " + st.Location()
	}
	return &file, file.Path
}

// tickPlan is the record of a scheduled run: like a one-shot run's, with
// the clock's params (under --param's, which override them) and an id
// that is the tick's, made unique in the store by a random suffix (two
// flows can tick at the same second).
func tickPlan(c *cli.Context, flow *spec.Flow, t schedule.Tick, st store.Store) *runPlan {
	params := map[string]string{}
	for name, v := range schedule.ParamValues(t.Params) {
		params[name] = strings.Trim(string(value.JSON(v)), `"`)
	}
	for name, v := range rawParams(c.StringSlice("param")) {
		params[name] = v
	}
	run := &store.Run{ID: t.RunID + "-" + randomHex(3), Flow: flow.Name, File: flow.File, Hash: contentHash(flow.Source),
		Params: params, Seed: c.Int64("seed"), State: store.StateRunning}
	if run.Seed == 0 && st != nil {
		run.Seed = randomSeed()
	}
	return &runPlan{run: run, retention: flow.Retention}
}

// startTick begins a scheduled run's record and files its tick; nil when
// the store is off.
func (p *runPlan) startTick(ctx context.Context, c *cli.Context, st store.Store, executor string, t schedule.Tick) (*store.Recorder, error) {
	rec, err := p.startRecording(ctx, st, executor)
	if rec == nil || err != nil {
		return rec, err
	}
	tick := store.ScheduledTick{RunID: p.run.ID, TickID: t.RunID, Scheduled: t.Scheduled, Clock: t.Clock, Attempt: t.Attempt}
	if err := store.ScheduleOf(st, p.run.Flow).RecordTick(ctx, tick); err != nil {
		fmt.Fprintf(c.App.ErrWriter, "flowspec: run %s: cannot record its tick in the run store at %s: %v\n", p.run.ID, st.Location(), err)
	}
	return rec, nil
}

// finishTick closes a scheduled run's record and applies retention. A
// failed scheduled run is not resumed by hand: the schedule runs the next.
func (p *runPlan) finishTick(ctx context.Context, c *cli.Context, st store.Store, rec *store.Recorder, res *runtime.Result, runErr error) {
	if rec == nil {
		return
	}
	if err := rec.Finish(ctx, res, runErr); err != nil {
		fmt.Fprintf(c.App.ErrWriter, "flowspec: %v\n", err)
		return
	}
	p.retain(c, st)
}
