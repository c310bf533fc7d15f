package dask

import (
	"context"
	"errors"

	"github.com/flowspec/flowspec/dask/client"
)

// ErrSchedulerLost matches (errors.Is) a run's error when the scheduler it
// had reached went away before the run ended: the run failed (exit 1), which
// is not the same as a scheduler that could not be reached at all (exit 3),
// even though the redial that notices the loss fails the way an unreachable
// address does.
var ErrSchedulerLost = errors.New("lost the Dask scheduler during the run")

// lostError is ErrSchedulerLost with the reason; it unwraps to both, so a
// caller can still see what the connection said.
type lostError struct{ err error }

func (e *lostError) Error() string   { return ErrSchedulerLost.Error() + ": " + e.err.Error() }
func (e *lostError) Unwrap() []error { return []error{ErrSchedulerLost, e.err} }

// lost marks err, met while talking to a scheduler this run had reached, as
// the scheduler lost when the connection failed (it broke, went quiet, or a
// new one was refused); other errors, and a cancelled run's, stay as they
// are.
func lost(ctx context.Context, err error) error {
	switch {
	case ctx.Err() != nil, errors.Is(err, ErrSchedulerLost):
		return err
	case errors.Is(err, client.ErrConnectionLost), errors.Is(err, client.ErrUnreachable):
		return &lostError{err}
	}
	return err
}
