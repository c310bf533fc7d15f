package runtime

import (
	"context"
	"time"
)

// Done is a task that succeeded, as a Successes gets it: its group and element
// index (compiler.Task's Group and Index), copied while the task is at hand
// so the receiver need not look the task up again.
type Done struct {
	Group int32
	Index int32
}

// Successes receives the tasks that succeeded in one worker batch, all ended at
// end, in place of their Success events. The in-process executor gives a
// Successes, when its context carries one with Batches, every success that
// ran (not a cache hit) in a group not marked Persist; failures, retries,
// skips, cancels, cache hits and persisted values still go to Batches as
// events. A Sink still gets every event. It is for the run
// store's Recorder: building an Event per element only for it to count
// was most of what recording a quick 10^6-element run cost.
//
// The executor calls it with its scheduler lock held, before the batch's
// events go to Batches; the slice is the executor's again once it returns.
type Successes func(done []Done, end time.Time)

// successesKey is the context key of WithSuccesses.
type successesKey struct{}

// WithSuccesses returns ctx carrying t (see Successes); like Batches, the context
// carries it so every Executor takes it without another parameter on Run.
// Executors that do not know it report successes as events to Batches.
func WithSuccesses(ctx context.Context, t Successes) context.Context {
	return context.WithValue(ctx, successesKey{}, t)
}

// SuccessesFrom returns the Successes ctx carries, nil when none.
func SuccessesFrom(ctx context.Context) Successes {
	t, _ := ctx.Value(successesKey{}).(Successes)
	return t
}
