package dask

import (
	"context"
	"strings"
	"time"

	"github.com/flowspec/flowspec/dask/client"
	"github.com/flowspec/flowspec/dask/wire"
)

// processingPoll is how often a run that shows progress asks the scheduler
// which keys workers have (client.Processing): its tasks then show as
// running, as Dask's dashboard shows them processing.
const processingPoll = 500 * time.Millisecond

// attemptsTopic is the topic the task wrapper logs attempts on (TOPIC in
// dask/lower/pickle_runtime.py).
const attemptsTopic = "flowspec-attempts"

// watchProcessing starts polling the scheduler's processing keys when the
// run has a sink or batches; stop ends the poll, waiting for a call in flight rather
// than breaking the connection it shares with gather.
func (r *daskRun) watchProcessing(ctx context.Context) (keys <-chan []wire.Key, stop func()) {
	if !r.tr.observed() {
		return nil, func() {}
	}
	ch := make(chan []wire.Key)
	quit, done := make(chan struct{}), make(chan struct{})
	go func() {
		defer close(done)
		tick := time.NewTicker(processingPoll)
		defer tick.Stop()
		for {
			select {
			case <-quit:
				return
			case <-tick.C:
			}
			got, err := r.c.Processing(ctx)
			if err != nil {
				return // the run notices a lost scheduler itself
			}
			select {
			case ch <- got:
			case <-quit:
				return
			}
		}
	}()
	return ch, func() {
		close(quit)
		<-done
	}
}

// processing marks the run's tasks among keys (task or outcome keys)
// Running.
func (r *daskRun) processing(keys []wire.Key) {
	for _, k := range keys {
		if i, ok := r.taskOrOutcome(k); ok {
			r.tr.running(i, 0)
		}
	}
}

// taskOrOutcome is the run's task whose key, or whose outcome key, k is.
func (r *daskRun) taskOrOutcome(k wire.Key) (int32, bool) {
	if i, ok := r.taskOf(k); ok {
		return i, true
	}
	return r.taskOf(taskKeyOf(k))
}

// attempt handles an event of the task wrapper: {key, attempt, state
// "running"|"retrying", class, message}.
func (r *daskRun) attempt(ev client.TopicEvent) {
	if ev.Topic != attemptsTopic {
		return
	}
	k, err := wire.KeyFromWire(ev.Msg["key"])
	if err != nil {
		return
	}
	i, ok := r.taskOrOutcome(k)
	if !ok {
		return
	}
	n, _ := ev.Msg["attempt"].(int64)
	switch ev.Msg["state"] {
	case "running":
		r.tr.running(i, int(n))
	case "retrying":
		class, _ := ev.Msg["class"].(string)
		message, _ := ev.Msg["message"].(string)
		r.tr.retrying(i, int(n), class, message)
	}
}

// taskKeyOf returns the task key of an outcome key (dask/lower/outcome.go),
// whose prefix is the task's with "~" after it: a marked task's wrapper
// runs under its outcome key.
func taskKeyOf(k wire.Key) wire.Key {
	switch v := k.Value().(type) {
	case string:
		return wire.StrKey(strings.Replace(v, "~", "", 1))
	case []any:
		if len(v) != 2 {
			return k
		}
		prefix, _ := v[0].(string)
		idx, _ := v[1].(int64)
		return wire.TaskKey(strings.TrimSuffix(prefix, "~"), int(idx))
	}
	return k
}
