package client

import (
	"context"
	"fmt"

	"github.com/flowspec/flowspec/dask/wire"
)

// HeldKeys returns every key the scheduler still knows (who_has over all its
// tasks), so a caller can check that a finished or cancelled run left
// nothing on the cluster.
func (c *Client) HeldKeys(ctx context.Context) ([]wire.Key, error) {
	reply, err := c.call(ctx, "who_has", map[string]any{"op": "who_has", "keys": nil}, c.opts.timeout())
	if err != nil {
		return nil, err
	}
	var keys []wire.Key
	add := func(k any) error {
		key, err := wire.KeyFromWire(k)
		if err != nil {
			return fmt.Errorf("who_has on Dask scheduler %s: %w", c.addr, err)
		}
		keys = append(keys, key)
		return nil
	}
	switch m := reply.(type) {
	case map[string]any:
		for k := range m {
			if err := add(k); err != nil {
				return nil, err
			}
		}
	case map[any]any:
		for k := range m {
			if err := add(k); err != nil {
				return nil, err
			}
		}
	}
	return keys, nil
}
