package client

import (
	"context"
	"fmt"
	"strings"

	"github.com/flowspec/flowspec/dask/wire"
)

// Gather fetches the values of keys held in the cluster's memory, through
// the scheduler, as flowspec runtime values. Values travel as msgpack when
// they are plain and as pickles otherwise (serializers [msgpack, pickle]);
// a value that is not plain data (an integer beyond 64 bits, an arbitrary
// Python object) is an error naming its key. Only ctx bounds the call: a
// result may be large.
func (c *Client) Gather(ctx context.Context, keys []wire.Key) (map[wire.Key]any, error) {
	if len(keys) == 0 {
		return map[wire.Key]any{}, nil
	}
	list := make([]any, len(keys))
	for i, k := range keys {
		list[i] = k
	}
	msg := map[string]any{"op": "gather", "keys": list, "serializers": []any{"msgpack", "pickle"}}
	reply, err := c.call(ctx, "gather", msg, 0)
	if err != nil {
		return nil, err
	}
	m, _ := reply.(map[string]any)
	if status, _ := m["status"].(string); status != "OK" {
		return nil, gatherError(c.addr, m)
	}
	return gatherData(c.addr, m["data"])
}

// gatherError explains {status: error, keys: [...]}: keys whose holders are
// gone or that are not in memory.
func gatherError(addr string, m map[string]any) error {
	missing, _ := m["keys"].([]any)
	names := make([]string, 0, len(missing))
	for _, k := range missing {
		if key, err := wire.KeyFromWire(k); err == nil {
			names = append(names, key.String())
		}
	}
	return fmt.Errorf("gather on Dask scheduler %s: no worker holds %s (they were lost, released or never computed)", addr, strings.Join(names, ", "))
}

// gatherData decodes the data map of a gather reply.
func gatherData(addr string, data any) (map[wire.Key]any, error) {
	out := map[wire.Key]any{}
	add := func(k, v any) error {
		key, err := wire.KeyFromWire(k)
		if err != nil {
			return fmt.Errorf("gather on Dask scheduler %s: %w", addr, err)
		}
		val, err := decodeResult(v)
		if err != nil {
			return fmt.Errorf("result of %s: %w", key, err)
		}
		out[key] = val
		return nil
	}
	switch d := data.(type) {
	case map[string]any:
		for k, v := range d {
			if err := add(k, v); err != nil {
				return nil, err
			}
		}
	case map[any]any:
		for k, v := range d {
			if err := add(k, v); err != nil {
				return nil, err
			}
		}
	case nil:
	default:
		return nil, fmt.Errorf("gather on Dask scheduler %s: data is a %T, not a map", addr, data)
	}
	return out, nil
}

// decodeResult turns one gathered value into a runtime value.
func decodeResult(v any) (any, error) {
	switch x := v.(type) {
	case *wire.Serialized:
		return x.Value()
	case *wire.Pickled:
		return x.Value()
	}
	return wire.ToRuntime(v)
}
