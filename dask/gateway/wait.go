package gateway

import (
	"context"
	"errors"
	"time"
)

// pollPause is the pause between two status requests while a cluster
// starts (the gateway already holds each ?wait request for a while).
const pollPause = 500 * time.Millisecond

// Wait polls the cluster until it runs and returns its report. A cluster
// that FAILED or STOPPED is an error, as is one still pending when ctx's
// deadline passes.
func (c *Client) Wait(ctx context.Context, name string) (*Report, error) {
	for {
		r, err := c.Get(ctx, name, true)
		if err != nil {
			if errors.Is(ctx.Err(), context.DeadlineExceeded) {
				return nil, pendingError(name)
			}
			return nil, err
		}
		switch r.Status {
		case Running:
			return r, nil
		case Failed:
			return nil, unavailablef("Dask Gateway cluster %s failed to start: the gateway's log says why (often the cluster's image or environment lacks distributed, or the scheduler command is wrong)", name)
		case Stopped, Stopping:
			return nil, unavailablef("Dask Gateway cluster %s is %s: it was shut down; create a new one (drop gateway.cluster, or flowspec dask gateway create)", name, r.Status)
		}
		select {
		case <-ctx.Done():
			if errors.Is(ctx.Err(), context.DeadlineExceeded) {
				return nil, pendingError(name)
			}
			return nil, ctx.Err()
		case <-time.After(pollPause):
		}
	}
}

func pendingError(name string) error {
	return unavailablef("Dask Gateway cluster %s did not start in time (still PENDING): the gateway may lack resources; raise executor.dask.timeout or check the gateway", name)
}
