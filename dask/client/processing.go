package client

import (
	"context"
	"fmt"

	"github.com/flowspec/flowspec/dask/wire"
)

// Processing returns the keys the scheduler has handed to workers and not
// yet heard back about (its "processing" state, what Dask's dashboard and
// Client.processing show as running: a worker runs them or has them queued).
func (c *Client) Processing(ctx context.Context) ([]wire.Key, error) {
	reply, err := c.call(ctx, "processing", map[string]any{"op": "processing"}, c.opts.timeout())
	if err != nil {
		return nil, err
	}
	var keys []wire.Key
	add := func(list any) error {
		items, _ := list.([]any)
		for _, k := range items {
			key, err := wire.KeyFromWire(k)
			if err != nil {
				return fmt.Errorf("processing on Dask scheduler %s: %w", c.addr, err)
			}
			keys = append(keys, key)
		}
		return nil
	}
	switch m := reply.(type) {
	case map[string]any:
		for _, l := range m {
			if err := add(l); err != nil {
				return nil, err
			}
		}
	case map[any]any:
		for _, l := range m {
			if err := add(l); err != nil {
				return nil, err
			}
		}
	}
	return keys, nil
}
