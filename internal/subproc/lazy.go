package subproc

import "sync"

// LazyPool is a Pool made on first use: a provider of foreign operators
// (py: functions, a plugin) starts no process for a flow that never calls
// one, and its size can still be set (to the local executor's worker
// count) until then. The zero value is not usable; see NewLazyPool.
type LazyPool struct {
	mu    sync.Mutex
	n     int
	start func() (*Process, error)
	pool  *Pool
}

// NewLazyPool returns a lazy pool of up to n processes made by start
// (n <= 0: one per CPU, as NewPool).
func NewLazyPool(n int, start func() (*Process, error)) *LazyPool {
	return &LazyPool{n: n, start: start}
}

// SetSize sets how many processes may run at once; it applies to a pool
// not yet started.
func (l *LazyPool) SetSize(n int) {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.n = n
}

// Pool returns the pool, made on first use.
func (l *LazyPool) Pool() *Pool {
	l.mu.Lock()
	defer l.mu.Unlock()
	if l.pool == nil {
		l.pool = NewPool(l.n, l.start)
	}
	return l.pool
}

// Close ends the pool's processes, if it was ever made (see Pool.Close).
func (l *LazyPool) Close() {
	l.mu.Lock()
	p := l.pool
	l.mu.Unlock()
	if p != nil {
		p.Close()
	}
}
