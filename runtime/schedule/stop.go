package schedule

import (
	"fmt"
	"time"
)

// stop ends the loop after its context was cancelled: no more ticks, queued
// ticks are dropped, and runs in progress get Grace to finish before they
// are cancelled. Outcome.Cancelled reports whether any had to be.
func (r *loopRun) stop() Outcome {
	msg := "stopping"
	if n := len(r.queue); n > 0 {
		msg += fmt.Sprintf("; dropping %s", plural(n, "queued tick"))
		r.queue = nil
	}
	if len(r.running) == 0 {
		r.log(Event{Event: EventStop, Message: msg})
		return r.out
	}
	r.log(Event{Event: EventStop, Message: fmt.Sprintf("%s; waiting up to %s for %s to finish", msg, r.Grace, plural(len(r.running), "run"))})
	if !r.await(r.Grace, r.Kill) {
		r.cancelAll()
		if !r.await(hardStop, nil) {
			r.log(Event{Event: EventWarn, Message: fmt.Sprintf("%s did not return %s after being cancelled; exiting anyway", plural(len(r.running), "run"), hardStop)})
		}
	}
	r.log(Event{Event: EventStop, Message: "stopped"})
	return r.out
}

// await handles finishing runs until none is left (true), or limit has
// passed on the loop's clock or Kill is closed (false).
func (r *loopRun) await(limit time.Duration, kill <-chan struct{}) bool {
	timer := r.clock.NewTimer(limit)
	defer timer.Stop()
	for len(r.running) > 0 {
		select {
		case d := <-r.done:
			r.finish(d)
		case <-timer.C():
			return len(r.running) == 0
		case <-kill:
			return len(r.running) == 0
		}
	}
	return true
}

// cancelAll cancels every run in progress at the end of the grace period.
func (r *loopRun) cancelAll() {
	r.out.Cancelled = true
	for _, a := range r.running {
		a.cancelled = true
		a.cancel()
		r.log(tickEvent(EventStop, a.tick, "grace period over; cancelling the run"))
	}
}
