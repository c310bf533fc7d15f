package client

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"time"

	"github.com/flowspec/flowspec/dask/wire"
)

// Stream is a client's batched stream to the scheduler (register-client):
// it submits graphs and releases or cancels keys, and reports what the
// scheduler says about the client's keys as StreamEvents. Its methods are
// safe for concurrent use.
type Stream struct {
	comm    *schedulerComm
	addr    string
	id      string
	version wire.Version
	dialect wire.Dialect
	timeout time.Duration

	events     chan StreamEvent
	done       chan struct{} // closed by Close: stop delivering events
	readerDone chan struct{}

	mu      sync.Mutex
	closing bool
	lost    error // why the connection ended, once the reader saw it end
	wanted  map[wire.Key]struct{}
	topics  []string // subscribed (Subscribe), unsubscribed on Close
	seq     int
}

// Start registers the client under clientID on a connection of its own,
// waits for the scheduler's stream-start, and starts reading events.
// clientID should be unique per run (Dask uses "Client-<uuid>"); the
// dashboard shows it.
func (c *Client) Start(ctx context.Context, clientID string) (*Stream, error) {
	v := c.schedulerVersions()
	if v == nil {
		var err error
		if v, err = c.Versions(ctx); err != nil {
			return nil, err
		}
	}
	version, err := supportedVersion(c.addr, v.Distributed)
	if err != nil {
		return nil, err
	}
	comm, err := dialScheduler(ctx, c.addr, c.opts)
	if err != nil {
		return nil, err
	}
	s := &Stream{
		comm: comm, addr: c.addr, id: clientID, version: version, dialect: version.Dialect(),
		timeout: c.opts.timeout(), events: make(chan StreamEvent, 256),
		done: make(chan struct{}), readerDone: make(chan struct{}), wanted: map[wire.Key]struct{}{},
	}
	if err := s.register(ctx, v.raw); err != nil {
		comm.close()
		return nil, err
	}
	go s.read()
	return s, nil
}

// register sends register-client and waits for stream-start.
func (s *Stream) register(ctx context.Context, versions any) error {
	msg := map[string]any{"op": "register-client", "client": s.id, "reply": false, "versions": versions}
	if err := s.comm.write(ctx, msg, s.timeout); err != nil {
		return lostError(s.addr, "register-client", err)
	}
	reply, err := s.comm.read(ctx, s.timeout)
	if err != nil {
		return lostError(s.addr, "register-client", err)
	}
	for _, m := range batchOf(reply) {
		if op, _ := m["op"].(string); op == "stream-start" {
			return nil
		}
	}
	return fmt.Errorf("register-client on Dask scheduler %s: expected stream-start, got %v", s.addr, reply)
}

// batchOf returns the dicts of one stream message (a list of dicts, or one).
func batchOf(msg any) []map[string]any {
	switch x := msg.(type) {
	case map[string]any:
		return []map[string]any{x}
	case []any:
		out := make([]map[string]any, 0, len(x))
		for _, e := range x {
			if m, ok := e.(map[string]any); ok {
				out = append(out, m)
			}
		}
		return out
	}
	return nil
}

// Events returns the channel of events. It is closed after StreamClosed
// (or when Close returns); read it promptly, since the stream stops reading
// from the scheduler while the channel is full.
func (s *Stream) Events() <-chan StreamEvent { return s.events }

// Dialect returns the update-graph dialect of the scheduler.
func (s *Stream) Dialect() wire.Dialect { return s.dialect }

// read delivers events until the connection ends.
func (s *Stream) read() {
	defer close(s.readerDone)
	defer close(s.events)
	for {
		msg, err := s.comm.read(context.Background(), 0)
		if err != nil {
			s.end(err)
			return
		}
		for _, m := range batchOf(msg) {
			if op, _ := m["op"].(string); op == "stream-closed" {
				s.end(errors.New("the scheduler closed the stream"))
				return
			}
			ev, ok, err := decodeEvent(m)
			if err != nil || !ok {
				continue
			}
			if !s.deliver(ev) {
				return
			}
		}
	}
}

// deliver sends ev unless Close has begun.
func (s *Stream) deliver(ev StreamEvent) bool {
	select {
	case s.events <- ev:
		return true
	case <-s.done:
		return false
	}
}

// end records why the stream ended and sends StreamClosed.
func (s *Stream) end(err error) {
	s.mu.Lock()
	closing := s.closing
	if s.lost == nil {
		s.lost = lostError(s.addr, "the event stream", err)
	}
	lost := s.lost
	s.mu.Unlock()
	s.comm.close()
	if closing {
		lost = nil
	}
	s.deliver(StreamClosed{Err: lost})
}

// send writes one batch of messages.
func (s *Stream) send(ctx context.Context, what string, msgs ...map[string]any) error {
	s.mu.Lock()
	if s.closing {
		s.mu.Unlock()
		return fmt.Errorf("%s: the stream to Dask scheduler %s is closed", what, s.addr)
	}
	if s.lost != nil {
		err := s.lost
		s.mu.Unlock()
		return fmt.Errorf("%s: %w", what, err)
	}
	s.mu.Unlock()
	batch := make([]any, len(msgs))
	for i, m := range msgs {
		batch[i] = m
	}
	if err := s.comm.write(ctx, batch, 0); err != nil {
		s.comm.close() // the reader sees it and ends the stream
		return lostError(s.addr, what, err)
	}
	return nil
}
