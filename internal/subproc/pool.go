package subproc

import (
	"context"
	"runtime"
	"sync"
)

// Pool holds up to n processes, started on first use and kept between
// calls; a call takes an idle one (or starts one while a slot is free) and
// gives it back, or drops it when it died or was killed, so the next call
// starts a fresh one.
type Pool struct {
	start func() (*Process, error)
	idle  chan *Process // processes waiting for a call
	slots chan struct{} // one token per process that may still be started
	mu    sync.Mutex
	all   map[*Process]bool
	// lastKilled is the pid of the last process dropped after a failed
	// call, for tests.
	lastKilled int
}

// NewPool returns a pool of up to n processes made by start (n <= 0: one
// per CPU).
func NewPool(n int, start func() (*Process, error)) *Pool {
	if n <= 0 {
		n = runtime.NumCPU()
	}
	p := &Pool{start: start, idle: make(chan *Process, n), slots: make(chan struct{}, n), all: map[*Process]bool{}}
	for range n {
		p.slots <- struct{}{}
	}
	return p
}

// Call runs one request on a process of the pool (see Process.Call).
func (p *Pool) Call(ctx context.Context, op string, req any) (any, error) {
	return p.CallChecked(ctx, op, req, nil)
}

// CallChecked is Call with a judge of the reply: when accept refuses it
// (say, an answer to another request), the process is out of step with its
// caller, so it is killed rather than returned to the pool, where its stale
// answer would reach a later call.
func (p *Pool) CallChecked(ctx context.Context, op string, req any, accept func(reply any) error) (any, error) {
	w, err := p.get(ctx)
	if err != nil {
		return nil, err
	}
	reply, dead, err := w.Call(ctx, op, req)
	if err == nil && accept != nil {
		if err = accept(reply); err != nil {
			w.Kill()
			dead = true
		}
	}
	p.put(w, dead)
	return reply, err
}

// get returns an idle process, else starts one when a slot is free, else
// waits for either.
func (p *Pool) get(ctx context.Context) (*Process, error) {
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
	w, err := p.start()
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
func (p *Pool) put(w *Process, dead bool) {
	if !dead {
		p.idle <- w
		return
	}
	p.mu.Lock()
	delete(p.all, w)
	p.lastKilled = w.Pid()
	p.mu.Unlock()
	p.slots <- struct{}{}
}

// Pids lists the pids of the pool's live processes.
func (p *Pool) Pids() []int {
	p.mu.Lock()
	defer p.mu.Unlock()
	out := make([]int, 0, len(p.all))
	for w := range p.all {
		out = append(out, w.Pid())
	}
	return out
}

// LastKilled is the pid of the last process the pool dropped, or 0.
func (p *Pool) LastKilled() int {
	p.mu.Lock()
	defer p.mu.Unlock()
	return p.lastKilled
}

// Close ends every process the pool started; calls still running fail as
// their process dies. The pool may be used again afterwards.
func (p *Pool) Close() {
	for {
		select {
		case w := <-p.idle:
			w.Kill()
			p.put(w, true)
			continue
		default:
		}
		break
	}
	for _, w := range p.snapshot() {
		w.Kill()
	}
}

// snapshot lists the live processes.
func (p *Pool) snapshot() []*Process {
	p.mu.Lock()
	defer p.mu.Unlock()
	ws := make([]*Process, 0, len(p.all))
	for w := range p.all {
		ws = append(ws, w)
	}
	return ws
}
