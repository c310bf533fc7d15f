package schedule

import (
	"fmt"
	"time"

	"github.com/flowspec/flowspec/spec"
)

// catchUpAtStart looks for ticks missed while the process was down: the ones
// after the state's last tick and up to now.
func (r *loopRun) catchUpAtStart() {
	if r.state.LastTick == nil {
		return
	}
	to := Cursor{r.clock.Now(), 1 << 30}
	latest, _ := r.plan.between(r.cursor, to, 1)
	r.catchUp(r.cursor, to)
	if len(latest) > 0 {
		r.cursor = at(latest[0])
	}
}

// catchUp applies the catchup policy to the ticks missed in (from, to]: none
// skips them, last queues the latest, all queues each one (up to MaxCatchup,
// the latest). Only ticks within catchup_window of now count; older ones are
// reported and dropped.
func (r *loopRun) catchUp(from, to Cursor) {
	dropped := 0
	if w := r.Schedule.CatchupWindow; w != nil && w.Duration > 0 {
		edge := Cursor{r.clock.Now().Add(-w.Duration - time.Nanosecond), 1 << 30}
		if from.less(edge) {
			dropped = r.plan.count(from, minCursor(edge, to), maxCount)
			from = edge
		}
	}
	var missed []Tick
	left := 0
	if from.less(to) {
		missed, left = r.plan.between(from, to, MaxCatchup)
	}
	if len(missed) == 0 && dropped == 0 {
		return
	}
	r.applyCatchup(missed, left, dropped)
}

// applyCatchup acts on the missed ticks and logs one line about them.
func (r *loopRun) applyCatchup(missed []Tick, left, dropped int) {
	policy := r.Schedule.Catchup
	if policy == "" {
		policy = spec.CatchupNone
	}
	msg := fmt.Sprintf("%s while not running (catchup: %s)", plural(len(missed)+left+dropped, "missed tick"), policy)
	if dropped > 0 {
		msg += fmt.Sprintf("; %d older than catchup_window not run", dropped)
	}
	if len(missed) > 0 {
		msg += "; in the window from " + missed[0].Scheduled.Format(time.RFC3339)
		switch policy {
		case spec.CatchupAll:
			if left > 0 {
				msg += fmt.Sprintf("; running the latest %d, dropping %d older", len(missed), left)
			} else {
				msg += fmt.Sprintf("; running %s", plural(len(missed), "run"))
			}
			r.queueCatchup(missed)
			dropped += left
		case spec.CatchupLast:
			msg += "; running the latest"
			r.queueCatchup(missed[len(missed)-1:])
			dropped += len(missed) - 1 + left
		default:
			msg += "; skipping them"
			dropped += len(missed) + left
			r.markTick(missed[len(missed)-1])
			r.save()
		}
	}
	r.out.Skipped += dropped
	r.log(Event{Event: EventCatchup, Message: msg})
}

// queueCatchup queues missed ticks, to run one after another.
func (r *loopRun) queueCatchup(ticks []Tick) {
	for _, t := range ticks {
		t.Catchup = true
		r.queue = append(r.queue, t)
	}
}

func minCursor(a, b Cursor) Cursor {
	if b.less(a) {
		return b
	}
	return a
}

// plural renders "1 run", "3 runs".
func plural(n int, noun string) string {
	if n == 1 {
		return "1 " + noun
	}
	return fmt.Sprintf("%d %ss", n, noun)
}
