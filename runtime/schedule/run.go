package schedule

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"

	"github.com/flowspec/flowspec/runtime"
	"github.com/flowspec/flowspec/spec"
)

// start launches a run for tick t in its own goroutine. The run's context is
// not the loop's: stopping the loop gives it a grace period instead of
// killing it at once. The state records the run as started (and the
// tick as acted on) before the run begins, so a run the process dies in is
// reported after a restart and never silently repeated.
func (r *loopRun) start(t Tick) {
	ctx, cancel := context.WithCancel(context.Background())
	r.seq++
	id := r.seq
	started := r.clock.Now()
	r.running[id] = &activeRun{tick: t, cancel: cancel, started: started}
	if !r.once {
		r.markTick(t)
	}
	r.state.Running = append(r.state.Running, RunRecord{RunID: t.RunID, Scheduled: t.Scheduled, Clock: t.Clock, Attempt: t.Attempt, Started: started})
	r.save()
	e := tickEvent(EventStart, t, "")
	e.Params = ParamValues(t.Params)
	r.log(e)
	go func() {
		res, err := r.safeRun(ctx, t)
		r.done <- runDone{id: id, res: res, err: err}
	}()
}

// safeRun calls Run, turning a panic into an error: one bad run must not take
// the scheduler (and a Go stack trace) down with it.
func (r *loopRun) safeRun(ctx context.Context, t Tick) (res *runtime.Result, err error) {
	defer func() {
		if p := recover(); p != nil {
			res, err = nil, fmt.Errorf("internal error in run: %v", p)
		}
	}()
	return r.Run(ctx, t)
}

// finish records a run that returned: the log line, the outcome and the
// state.
func (r *loopRun) finish(d runDone) {
	a, ok := r.running[d.id]
	if !ok {
		return
	}
	delete(r.running, d.id)
	a.cancel()
	state, why := runState(d.res, d.err, a.cancelled)
	r.out.Runs++
	if state != "success" {
		r.out.Failed++
	}
	if d.res != nil {
		r.out.Last = d.res
	}
	r.out.Err = d.err
	now := r.clock.Now()
	e := tickEvent(EventEnd, a.tick, "")
	e.State, e.Error = state, why
	wall := Seconds(now.Sub(a.started))
	e.Wall = &wall
	if d.res != nil {
		for _, o := range d.res.Outputs {
			if o.OK { // an output whose task did not succeed has no value to show
				e.Outputs = append(e.Outputs, Output{Name: o.Name, Value: o.Value})
			}
		}
	}
	r.log(e)
	r.state.LastRun = &RunRecord{RunID: a.tick.RunID, Scheduled: a.tick.Scheduled, Clock: a.tick.Clock, Attempt: a.tick.Attempt, Started: a.started, Finished: now, State: state, Error: why}
	r.state.Running = slices.DeleteFunc(r.state.Running, func(rec RunRecord) bool { return rec.RunID == a.tick.RunID })
	r.save()
}

// runState classifies a finished run as success, failed or cancelled, with
// the reason when it did not succeed.
func runState(res *runtime.Result, err error, cancelled bool) (string, string) {
	bad := "failed"
	if cancelled {
		bad = "cancelled"
	}
	switch {
	case err != nil:
		return bad, err.Error()
	case res == nil:
		return bad, "the run returned no result"
	case res.OK():
		return "success", ""
	case len(res.Errors) > 0:
		return bad, res.Errors[0].Error()
	default:
		return bad, fmt.Sprintf("%d tasks failed, %d cancelled", res.Counts[runtime.Failed], res.Counts[runtime.Cancelled])
	}
}

// markTick moves the state's last tick forward to t.
func (r *loopRun) markTick(t Tick) {
	if lt := r.state.LastTick; lt == nil || (Cursor{lt.Scheduled, lt.Clock}).less(at(t)) {
		r.state.LastTick = &TickMark{Scheduled: t.Scheduled, Clock: t.Clock}
	}
}

// save writes the state, logging (not failing on) an error, once until
// it changes: a full disk should not stop the flow from running.
func (r *loopRun) save() {
	if r.State == nil {
		return
	}
	err := r.State.Save(r.state)
	if errors.Is(err, ErrLocked) && r.out.Lost == nil {
		r.out.Lost = err
		return
	}
	if err != nil && err.Error() != r.saveErr {
		r.log(Event{Event: EventWarn, Message: err.Error()})
	}
	r.saveErr = ""
	if err != nil {
		r.saveErr = err.Error()
	}
}

// ParamValues decodes a clock's parameter values for logs and displays:
// literals become their values, ${{ }} expressions stay as written.
func ParamValues(args []spec.Arg) Params {
	if len(args) == 0 {
		return nil
	}
	out := make(Params, len(args))
	for _, a := range args {
		var v any
		if a.Value.Node == nil || a.Value.Node.Decode(&v) != nil {
			v = strings.TrimSpace(fmt.Sprint(a.Value.Node))
		}
		out[a.Name] = v
	}
	return out
}
