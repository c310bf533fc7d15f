package runtime

import "context"

// Batches receives a run's task events a batch at a time: the events a Sink
// gets, in the same order, but in one call per batch of tasks a worker ran
// (one per scheduler message on Dask) instead of one call per event, and of
// the tasks a worker takes together only the first of each group is
// reported Running (a record needs when a group started, not when each of
// its elements did). It is
// for consumers that keep counts and a few records, like the run store's
// Recorder: for them a call per element cost more than the record itself,
// about a tenth of a quick 10^6-element run.
//
// Executors call it from one goroutine at a time, like a Sink; the slice is
// theirs again once it returns, so a Batches must not keep it.
type Batches func([]Event)

// batchesKey is the context key of WithBatches.
type batchesKey struct{}

// WithBatches returns ctx carrying b: an executor running with that
// context reports its task events to b as well as to its Sink. The
// context carries it (as net/http/httptrace carries a trace) so that every
// Executor takes it without another parameter on Run.
func WithBatches(ctx context.Context, b Batches) context.Context {
	return context.WithValue(ctx, batchesKey{}, b)
}

// BatchesFrom returns the Batches ctx carries, nil when none.
func BatchesFrom(ctx context.Context) Batches {
	b, _ := ctx.Value(batchesKey{}).(Batches)
	return b
}
