package client

import (
	"bytes"
	"context"
	"fmt"
	"strings"

	ogórek "github.com/kisielk/og-rek"
)

// WorkStealing reports whether the scheduler runs Dask's work stealing
// (distributed.scheduler.work-stealing, read when the scheduler started).
// It asks with run_function and a pickled reference to dask.config.get, the
// same request Client.run_on_scheduler makes; known is false when the
// cluster blocks run_function (distributed.scheduler.blocked-handlers).
func (c *Client) WorkStealing(ctx context.Context) (on, known bool, err error) {
	fn, args, err := configGetPickles("distributed.scheduler.work-stealing")
	if err != nil {
		return false, false, err
	}
	msg := map[string]any{"op": "run_function", "function": fn, "args": args, "wait": true}
	reply, err := c.call(ctx, "run_function", msg, c.opts.timeout())
	if err != nil {
		if strings.Contains(err.Error(), "explicitly disallowed") {
			return false, false, nil
		}
		return false, false, err
	}
	m, _ := reply.(map[string]any)
	v, err := decodeResult(m["result"])
	if err != nil {
		return false, false, fmt.Errorf("run_function on Dask scheduler %s: %w", c.addr, err)
	}
	return truthy(v), true, nil
}

// configGetPickles pickles dask.config.get and its argument tuple.
func configGetPickles(key string) (fn, args []byte, err error) {
	var b1, b2 bytes.Buffer
	cfg := &ogórek.EncoderConfig{Protocol: 4, StrictUnicode: true}
	if err = ogórek.NewEncoderWithConfig(&b1, cfg).Encode(ogórek.Class{Module: "dask.config", Name: "get"}); err != nil {
		return nil, nil, err
	}
	if err = ogórek.NewEncoderWithConfig(&b2, cfg).Encode(ogórek.Tuple{key}); err != nil {
		return nil, nil, err
	}
	return b1.Bytes(), b2.Bytes(), nil
}

// truthy reads a configuration value as Python's bool() would, accepting
// the strings YAML and environment variables may leave behind.
func truthy(v any) bool {
	switch x := v.(type) {
	case bool:
		return x
	case int64:
		return x != 0
	case string:
		s := strings.ToLower(strings.TrimSpace(x))
		return s != "" && s != "false" && s != "0" && s != "no" && s != "off"
	}
	return v != nil
}
