package runtime

import "sync"

// maxQueuedEvents bounds the events waiting for a slow sink; workers wait
// when it is reached instead of growing memory without limit.
const maxQueuedEvents = 1 << 16

// emitter delivers events to a Sink from one goroutine. Workers append
// events under the scheduler's lock, which they hold anyway, so the order of
// delivery respects cause and effect (a task's Success comes before the
// events of the tasks it unblocks); the sink itself runs outside the lock,
// in parallel with the tasks. Measured against calling the sink under a
// mutex on the worker, this costs one append per event on the hot path.
type emitter struct {
	sink   Sink
	mu     *sync.Mutex // the run's lock
	buf    []Event     // guarded by mu
	more   sync.Cond   // the emitter waits here for events
	space  sync.Cond   // workers wait here while buf is full
	closed bool
	done   chan struct{}
}

// newEmitter starts the goroutine that calls sink.
func newEmitter(sink Sink, mu *sync.Mutex) *emitter {
	e := &emitter{sink: sink, mu: mu, done: make(chan struct{})}
	e.more.L, e.space.L = mu, mu
	go e.loop()
	return e
}

// add queues one event. Called with mu held.
func (e *emitter) add(ev Event) {
	if len(e.buf) == 0 {
		e.more.Signal()
	}
	e.buf = append(e.buf, ev)
}

// addAll queues events in order. Called with mu held.
func (e *emitter) addAll(evs []Event) {
	if len(e.buf) == 0 {
		e.more.Signal()
	}
	e.buf = append(e.buf, evs...)
}

// throttle waits, with mu held, while the sink lags far behind.
func (e *emitter) throttle() {
	for len(e.buf) >= maxQueuedEvents && !e.closed {
		e.space.Wait()
	}
}

// loop swaps the queued events out under the lock and delivers them outside
// it, until closed and drained.
func (e *emitter) loop() {
	defer close(e.done)
	var spare []Event
	e.mu.Lock()
	for {
		for len(e.buf) == 0 && !e.closed {
			e.more.Wait()
		}
		if len(e.buf) == 0 {
			e.mu.Unlock()
			return
		}
		evs := e.buf
		e.buf = spare[:0]
		e.space.Broadcast()
		e.mu.Unlock()
		for _, ev := range evs {
			e.sink(ev)
		}
		clear(evs) // drop error pointers
		spare = evs
		e.mu.Lock()
	}
}

// close delivers the queued events and waits for the emitter to exit, so
// the sink is never called after Run returns.
func (e *emitter) close() {
	e.mu.Lock()
	e.closed = true
	e.more.Signal()
	e.space.Broadcast()
	e.mu.Unlock()
	<-e.done
}
