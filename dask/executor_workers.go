package dask

import (
	"context"
	"fmt"
	"time"

	"github.com/flowspec/flowspec/dask/client"
)

// workerPoll is how often a run asks the scheduler which workers it has:
// the interval of Python's Client (distributed.client.scheduler-info-interval).
const workerPoll = 2 * time.Second

// watchWorkers starts asking the scheduler for its workers while the run's
// tasks run, when the run has a Notice to tell; stop ends the watch and waits for it. The
// scheduler sends a client nothing when a worker dies running its tasks
// (only lost-data, when the worker held results), so without the poll such
// a loss would be silent.
func (r *daskRun) watchWorkers(ctx context.Context) (changes <-chan client.WorkerChange, stop func()) {
	if r.notice == nil {
		return nil, func() {}
	}
	wctx, cancel := context.WithCancel(ctx)
	ch := r.c.WatchWorkers(wctx, workerPoll)
	return ch, func() {
		cancel()
		for range ch { // wait until the watch has closed its connection
		}
	}
}

// workerChanged tells the run's log that a worker left (Dask re-runs its
// tasks on the others) or joined the cluster.
func (r *daskRun) workerChanged(ch client.WorkerChange) {
	who := ch.Worker.Address
	if ch.Worker.Name != "" && ch.Worker.Name != who {
		who += " (" + ch.Worker.Name + ")"
	}
	if ch.Left {
		r.notice(fmt.Sprintf("Dask worker %s left the cluster during the run; Dask re-runs its tasks on the remaining workers (the worker's log says why it left)", who))
		return
	}
	r.notice(fmt.Sprintf("Dask worker %s joined the cluster during the run", who))
}
