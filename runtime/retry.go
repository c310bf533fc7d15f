package runtime

import (
	"math"
	"time"

	"github.com/flowspec/flowspec/compiler"
)

// retryLater queues task i's next attempt after its retry delay. A timer, not
// a worker, waits out the delay. Called with mu held.
func (r *run) retryLater(i int32, attempt int) {
	r.state[i] = Retrying
	if r.halted() {
		return // left unfinished; Run marks it cancelled
	}
	if r.attempts == nil {
		r.attempts = make(map[int32]int)
		r.timers = make(map[int32]*time.Timer)
	}
	r.attempts[i] = attempt + 1
	d := retryDelay(&r.p.group(i).Options, attempt)
	if d <= 0 {
		r.ready.push(r.p.rank[r.p.g.Tasks[i].Group], i)
		return
	}
	r.timers[i] = time.AfterFunc(d, func() { r.retryDue(i) })
}

// retryDue queues task i when its retry delay has passed, unless the run
// stopped meanwhile.
func (r *run) retryDue(i int32) {
	r.mu.Lock()
	defer r.mu.Unlock()
	if _, ok := r.timers[i]; !ok {
		return
	}
	delete(r.timers, i)
	if r.halted() {
		return
	}
	r.ready.push(r.p.rank[r.p.g.Tasks[i].Group], i)
	if r.idle > 0 {
		r.work.Signal()
	}
}

// retryDelay is how long to wait after the given failed attempt:
// RetryDelay * Backoff^(attempt-1), with Backoff below 1 read as 1.
func retryDelay(o *compiler.Options, attempt int) time.Duration {
	b := max(o.Backoff, 1)
	d := float64(o.RetryDelay) * math.Pow(b, float64(attempt-1))
	if d >= math.MaxInt64 {
		return math.MaxInt64
	}
	return time.Duration(d)
}
