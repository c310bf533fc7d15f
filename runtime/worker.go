package runtime

import "time"

// Batching: a worker takes up to maxBatch ready tasks per trip to the
// scheduler's lock while tasks are quick, and one at a time once they take
// longer than slowTask, so slow tasks spread over all workers and their
// events are not held back behind a batch.
const (
	maxBatch = 64
	slowTask = 20 * time.Microsecond
)

// job is one attempt of one task, taken from the ready queue.
type job struct {
	task    int32
	attempt int
}

// outcome is how an attempt ended, kept by the worker until it publishes.
type outcome struct {
	task    int32
	attempt int
	state   State // Success, Failed, Retrying or Cancelled
	err     *TaskError
	cached  bool // the result came from the cache (Local.WithCache)
}

// worker is one of the executor's goroutines. Its slices are reused from
// batch to batch, so running a task allocates only what the task needs.
type worker struct {
	r      *run
	batch  []job
	done   []outcome
	events []Event
	// tallied are the batch's successes for the run's Successes, which
	// batches get no event of; sinkOnly are their events, for the sink
	// when there is one; end is when the batch ended.
	tallied  []Done
	sinkOnly []Event
	end      time.Time
	perJob   time.Duration // how long the last batch took per task
}

// newWorker returns a worker of r that takes one task at a time until it
// has measured how long tasks take.
func newWorker(r *run) *worker { return &worker{r: r, perJob: slowTask + 1} }

// loop takes, runs and publishes batches until the run is over.
func (w *worker) loop() {
	r := w.r
	r.mu.Lock()
	for r.take(w) {
		r.mu.Unlock()
		w.runBatch()
		r.mu.Lock()
		r.publish(w)
	}
	r.mu.Unlock()
}

// batchSize is how many of ready tasks to take: a fair share, bounded, and
// one when tasks are slow.
func (w *worker) batchSize(ready, workers int) int {
	if w.perJob > slowTask {
		return 1
	}
	return max(1, min(maxBatch, ready/workers))
}

// runBatch runs the taken attempts. Once the run is stopping, the rest of
// the batch is cancelled without starting.
func (w *worker) runBatch() {
	r := w.r
	start := time.Now()
	for _, j := range w.batch {
		o := outcome{task: j.task, attempt: j.attempt, state: Cancelled}
		if !r.stopping.Load() {
			o = r.attempt(j)
		}
		w.done = append(w.done, o)
		switch {
		case r.tallies(o):
			t := &r.p.g.Tasks[o.task]
			w.tallied = append(w.tallied, Done{Group: t.Group, Index: t.Index})
			if r.sink != nil {
				w.sinkOnly = append(w.sinkOnly, r.event(o))
			}
		case r.observed():
			w.events = append(w.events, r.event(o))
		}
	}
	// The batch's events share its end time: batches of more than one task
	// form only while tasks take under slowTask, and a clock read per task
	// was a few percent of a 10^6-element run with a sink.
	end := time.Now()
	w.end = end
	for _, evs := range [][]Event{w.events, w.sinkOnly} {
		for k := range evs {
			evs[k].Time = end
		}
	}
	w.perJob = end.Sub(start) / time.Duration(len(w.batch))
	w.batch = w.batch[:0]
}

// event is the event of outcome o, but its time.
func (r *run) event(o outcome) Event {
	return Event{Task: o.task, State: o.state, Attempt: o.attempt, Err: o.err, Value: r.persisted(o), Cached: o.cached}
}

// persisted is the result an outcome's event carries: the task's value when
// it succeeded and its group is marked Persist, else nil.
func (r *run) persisted(o outcome) any {
	if o.state != Success || !r.p.group(o.task).Persist {
		return nil
	}
	return r.results[o.task]
}

// tallies reports whether o goes to the run's Successes instead of an event: a
// success that ran (not a cache hit) with nothing to persist, on a run with
// a Successes.
func (r *run) tallies(o outcome) bool {
	return r.successes != nil && o.state == Success && !o.cached && !r.p.group(o.task).Persist
}
