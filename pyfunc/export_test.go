package pyfunc

// workerPids lists the pids of the pool's live workers.
func (p *Provider) workerPids() []int { return p.workers().Pids() }

// lastKilled is the pid of the last worker the pool dropped, or 0.
func (p *Provider) lastKilled() int { return p.workers().LastKilled() }
