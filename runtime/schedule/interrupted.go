package schedule

import (
	"fmt"
	"time"

	"github.com/flowspec/flowspec/spec"
)

// recoverInterrupted reports each run the state says was under way
// when the last process ended, one line each, and treats its tick like a
// missed one: catchup: all runs it again, last runs it again only when no
// later tick was missed (that one runs instead), none does not; a tick
// older than catchup_window is not run again. A re-run has its own id
// (<id>-r2, -r3…), so no id names two runs.
func (r *loopRun) recoverInterrupted() {
	if len(r.interrupted) == 0 {
		return
	}
	policy := r.Schedule.Catchup
	if policy == "" {
		policy = spec.CatchupNone
	}
	if err := r.State.MarkInterrupted(r.interrupted); err != nil {
		r.log(Event{Event: EventWarn, Message: fmt.Sprintf("cannot mark the interrupted runs in the run store: %v", err)})
	}
	later, _ := r.plan.between(r.cursor, Cursor{r.clock.Now(), 1 << 30}, 1)
	for k, rec := range r.interrupted {
		rerun := policy == spec.CatchupAll || policy == spec.CatchupLast && len(later) == 0 && k == len(r.interrupted)-1
		t, why := r.interruptedTick(rec, rerun, policy)
		if why == "" {
			r.queue = append(r.queue, t)
			why = fmt.Sprintf("running it again as %s (catchup: %s)", t.RunID, policy)
		} else {
			r.out.Skipped++
		}
		e := Event{Event: EventInterrupted, RunID: rec.RunID, Scheduled: &rec.Scheduled}
		e.Message = fmt.Sprintf("the run started at %s never finished (the process was killed or the machine stopped); %s", rec.Started.Format(time.RFC3339), why)
		r.log(e)
	}
	r.interrupted = nil
	r.save()
}

// interruptedTick rebuilds the tick of an interrupted run for its re-run,
// or says why it is not run again.
func (r *loopRun) interruptedTick(rec RunRecord, rerun bool, policy string) (Tick, string) {
	switch {
	case !rerun && policy == spec.CatchupLast:
		return Tick{}, "not running it again: a later tick was missed and runs instead (catchup: last)"
	case !rerun:
		return Tick{}, fmt.Sprintf("not running it again (catchup: %s)", policy)
	case rec.Clock < 0 || rec.Clock >= len(r.plan.clocks):
		return Tick{}, "not running it again: its clock is no longer in the schedule"
	}
	if w := r.Schedule.CatchupWindow; w != nil && w.Duration > 0 && rec.Scheduled.Before(r.clock.Now().Add(-w.Duration)) {
		return Tick{}, "not running it again: it is older than catchup_window"
	}
	t := r.plan.tick(rec.Clock, rec.Scheduled)
	t.Attempt = max(rec.Attempt, 1) + 1
	t.RunID += fmt.Sprintf("-r%d", t.Attempt)
	t.Catchup = true
	return t, ""
}
