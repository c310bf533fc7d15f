package builtins

import (
	"context"
	"time"
)

// pause sleeps for delay seconds (a number >= 0) or until ctx is done. It is
// the simulated work of inc, dec and add, and the body of sleep.
func pause(ctx context.Context, delay any) error {
	switch d := delay.(type) { // the common case: no delay, no conversion
	case float64:
		if d == 0 {
			return nil
		}
	case int64:
		if d == 0 {
			return nil
		}
	}
	s, err := secondsArg("delay", delay)
	if err != nil {
		return err
	}
	return sleepFor(ctx, s)
}

// sleepFor waits s seconds unless ctx ends first, returning ctx's error then.
func sleepFor(ctx context.Context, s float64) error {
	t := time.NewTimer(time.Duration(s * float64(time.Second)))
	defer t.Stop()
	select {
	case <-t.C:
		return nil
	case <-ctx.Done():
		return ctx.Err()
	}
}
