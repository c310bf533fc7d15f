package client_test

import (
	"context"
	"errors"
	"net"
	"testing"
	"time"

	"github.com/flowspec/flowspec/dask/client"
	"github.com/flowspec/flowspec/dask/wire"
)

// stallingScheduler is a peer that speaks the Dask handshake and answers
// "versions", then never answers anything else: a scheduler that hangs.
func stallingScheduler(t *testing.T) string {
	t.Helper()
	return listen(t, serveStalling)
}

func serveStalling(c net.Conn) {
	defer c.Close()
	reply := func(msg any) error {
		frames, err := wire.Dumps(msg)
		if err == nil {
			err = wire.WriteFrames(c, frames)
		}
		return err
	}
	if _, err := wire.ReadFrames(c); err != nil || reply(wire.ClientHandshake().Message()) != nil {
		return
	}
	for {
		frames, err := wire.ReadFrames(c)
		if err != nil {
			return
		}
		msg, _ := wire.Loads(frames)
		if m, ok := msg.(map[string]any); ok && m["op"] == "versions" {
			reply(map[string]any{"packages": map[string]any{"distributed": "2026.8.0", "dask": "2026.8.0", "python": "3.11.7.final.0"}})
		}
	}
}

// TestCallsHonourContext interrupts calls to a hung scheduler with a
// deadline and with cancellation; the client then reconnects.
func TestCallsHonourContext(t *testing.T) {
	addr := stallingScheduler(t)
	c := dial(t, addr, client.DialOptions{Timeout: time.Minute})
	done := make(chan struct{})
	go func() {
		defer close(done)
		ctx, cancel := context.WithTimeout(context.Background(), 200*time.Millisecond)
		defer cancel()
		if _, err := c.Identity(ctx); !errors.Is(err, context.DeadlineExceeded) {
			t.Errorf("Identity with a deadline: %v", err)
		}
		ctx, cancel = context.WithCancel(context.Background())
		time.AfterFunc(100*time.Millisecond, cancel)
		if _, err := c.Gather(ctx, []wire.Key{wire.StrKey("k")}); !errors.Is(err, context.Canceled) {
			t.Errorf("Gather cancelled: %v", err)
		}
		if v, err := c.Versions(context.Background()); err != nil || v.Distributed != "2026.8.0" {
			t.Errorf("Versions after interrupted calls: %v, %v", v, err)
		}
	}()
	select {
	case <-done:
	case <-time.After(30 * time.Second):
		t.Fatal("calls to a hung scheduler did not return")
	}
}

// TestSmallCallsHonourTimeout bounds a call without a context deadline by
// DialOptions.Timeout.
func TestSmallCallsHonourTimeout(t *testing.T) {
	c := dial(t, stallingScheduler(t), client.DialOptions{Timeout: 300 * time.Millisecond})
	_, err := c.Identity(context.Background())
	if err == nil || err.Error() != "identity on Dask scheduler "+c.Address()+": no reply in time" {
		t.Errorf("Identity on a hung scheduler: %v", err)
	}
}
