package client

import (
	"context"
	"sort"
	"time"
)

// WorkerChange is a worker that joined or left the cluster between two
// polls of WatchWorkers.
type WorkerChange struct {
	Worker IdentityWorker // as the scheduler last described it
	Left   bool           // false: the worker joined
}

// WatchWorkers asks the scheduler for its identity every interval and
// sends each worker that joined or left since the previous poll; the first
// poll only sets the baseline. The scheduler tells clients nothing when a
// worker leaves, so this is how Python's Client learns of it too (every
// scheduler_info_interval). The polls use a connection of their own, so
// neither the client's calls nor a stream wait on them; a failed poll is
// retried at the next interval on a new connection. When ctx is done the
// watch closes its connection and the channel.
func (c *Client) WatchWorkers(ctx context.Context, interval time.Duration) <-chan WorkerChange {
	out := make(chan WorkerChange, 16)
	go func() {
		defer close(out)
		w := &workerWatch{c: c, out: out}
		defer w.drop()
		tick := time.NewTicker(interval)
		defer tick.Stop()
		for {
			w.poll(ctx)
			select {
			case <-ctx.Done():
				return
			case <-tick.C:
			}
		}
	}()
	return out
}

// workerWatch is the state of one WatchWorkers.
type workerWatch struct {
	c     *Client
	out   chan<- WorkerChange
	comm  *schedulerComm
	known map[string]IdentityWorker // by address; nil before the first poll
}

// poll asks for the identity once and reports the changes.
func (w *workerWatch) poll(ctx context.Context) {
	id, err := w.identity(ctx)
	if err != nil {
		w.drop()
		return
	}
	now := make(map[string]IdentityWorker, len(id.Workers))
	var changes []WorkerChange
	for _, wk := range id.Workers {
		now[wk.Address] = wk
		if _, ok := w.known[wk.Address]; !ok && w.known != nil {
			changes = append(changes, WorkerChange{Worker: wk})
		}
	}
	for addr, wk := range w.known {
		if _, ok := now[addr]; !ok {
			changes = append(changes, WorkerChange{Worker: wk, Left: true})
		}
	}
	sort.SliceStable(changes, func(i, j int) bool { return changes[i].Worker.Address < changes[j].Worker.Address })
	w.known = now
	for _, ch := range changes {
		select {
		case w.out <- ch:
		case <-ctx.Done():
			return
		}
	}
}

// identity asks for the scheduler's identity on the watch's connection,
// dialling it first if need be.
func (w *workerWatch) identity(ctx context.Context) (*SchedulerIdentity, error) {
	if w.comm == nil {
		comm, err := dialScheduler(ctx, w.c.addr, w.c.opts)
		if err != nil {
			return nil, err
		}
		w.comm = comm
	}
	timeout := w.c.opts.timeout()
	if err := w.comm.write(ctx, identityRequest, timeout); err != nil {
		return nil, err
	}
	reply, err := w.comm.read(ctx, timeout)
	if err != nil {
		return nil, err
	}
	if err := replyError(w.c.addr, "identity", reply); err != nil {
		return nil, err
	}
	return w.c.identityOf(reply)
}

// drop closes the watch's connection, if any.
func (w *workerWatch) drop() {
	if w.comm != nil {
		w.comm.hangUp()
		w.comm = nil
	}
}
