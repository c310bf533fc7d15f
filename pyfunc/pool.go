package pyfunc

import (
	"context"
	"runtime"
	"sync"
)

// pool holds up to n worker processes, started on first use and kept
// between calls; a call takes an idle one (or starts one while a slot is
// free) and gives it back, or drops it when it died or was killed.
type pool struct {
	cfg   *Config
	idle  chan *process // workers waiting for a call
	slots chan struct{} // one token per worker that may still be started
	mu    sync.Mutex
	all   map[*process]bool
	// lastKilled is the pid of the last worker dropped after a failed
	// call, for tests.
	lastKilled int
}

func newPool(cfg *Config) *pool {
	n := cfg.Workers
	if n <= 0 {
		n = runtime.NumCPU()
	}
	p := &pool{cfg: cfg, idle: make(chan *process, n), slots: make(chan struct{}, n), all: map[*process]bool{}}
	for range n {
		p.slots <- struct{}{}
	}
	return p
}

// call runs one request on a worker.
func (p *pool) call(ctx context.Context, op string, req []any) ([]any, error) {
	w, err := p.get(ctx)
	if err != nil {
		return nil, err
	}
	reply, dead, err := w.call(ctx, op, req)
	p.put(w, dead)
	return reply, err
}

// get returns an idle worker, else starts one when a slot is free, else
// waits for either.
func (p *pool) get(ctx context.Context) (*process, error) {
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	select {
	case w := <-p.idle:
		return w, nil
	default:
	}
	select {
	case w := <-p.idle:
		return w, nil
	case <-p.slots:
	case <-ctx.Done():
		return nil, ctx.Err()
	}
	w, err := p.cfg.start()
	if err != nil {
		p.slots <- struct{}{}
		return nil, err
	}
	p.mu.Lock()
	p.all[w] = true
	p.mu.Unlock()
	return w, nil
}

// put gives w back, or frees its slot when it is dead.
func (p *pool) put(w *process, dead bool) {
	if !dead {
		p.idle <- w
		return
	}
	p.mu.Lock()
	delete(p.all, w)
	p.lastKilled = w.cmd.Process.Pid
	p.mu.Unlock()
	p.slots <- struct{}{}
}

// close ends every worker the pool started; calls still running fail as
// their worker dies. The pool may be used again afterwards.
func (p *pool) close() {
	for {
		select {
		case w := <-p.idle:
			w.kill()
			p.put(w, true)
			continue
		default:
		}
		break
	}
	p.mu.Lock()
	ws := make([]*process, 0, len(p.all))
	for w := range p.all {
		ws = append(ws, w)
	}
	p.mu.Unlock()
	for _, w := range ws {
		w.kill()
	}
}
