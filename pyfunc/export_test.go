package pyfunc

// workerPids lists the pids of the pool's live workers.
func (p *Provider) workerPids() []int {
	pl := p.workers()
	pl.mu.Lock()
	defer pl.mu.Unlock()
	var out []int
	for w := range pl.all {
		out = append(out, w.cmd.Process.Pid)
	}
	return out
}

// lastKilled is the pid of the last worker the pool dropped, or 0.
func (p *Provider) lastKilled() int {
	pl := p.workers()
	pl.mu.Lock()
	defer pl.mu.Unlock()
	return pl.lastKilled
}
