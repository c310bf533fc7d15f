package client

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/flowspec/flowspec/dask/wire"
)

// UpdateGraph submits a pickled graph and asks for keys (update-graph).
// graph must be lowered for dialect, which must be the scheduler's (see
// Dialect): for wire.DialectExpr it travels as expr_ser, a __Serialized__
// pickle; for wire.DialectHLG as graph_header and graph_frames. An
// exception in the scheduler's handler would close the whole stream, so the
// message is checked before it is sent.
func (s *Stream) UpdateGraph(ctx context.Context, graph []byte, keys []wire.Key, dialect wire.Dialect) error {
	if dialect != s.dialect {
		return fmt.Errorf("update-graph: the graph is lowered for %s, but Dask scheduler %s speaks %s", dialect, s.addr, s.dialect)
	}
	if len(graph) == 0 || len(keys) == 0 {
		return errors.New("update-graph: empty graph or no keys")
	}
	for _, k := range keys {
		if k.IsZero() {
			return errors.New("update-graph: a key is the zero Key")
		}
	}
	s.mu.Lock()
	s.seq++
	stimulus := fmt.Sprintf("update-graph-%s-%d", s.id, s.seq)
	s.mu.Unlock()
	msg := map[string]any{
		"op":                "update-graph",
		"keys":              wire.NewSet(keys),
		"internal_priority": nil,
		"submitting_task":   nil,
		"actors":            nil,
		"code":              []any{},
		"annotations":       map[string]any{},
		"fifo_timeout":      0.0,
		"stimulus_id":       stimulus,
	}
	if s.version.TakesSpanMetadata() {
		msg["span_metadata"] = map[string]any{}
	}
	if dialect == wire.DialectExpr {
		msg["expr_ser"] = wire.SerializedPickle(graph)
	} else {
		msg["graph_header"] = map[string]any{"serializer": "pickle", "writeable": []any{}}
		msg["graph_frames"] = []any{graph}
	}
	if err := s.send(ctx, "update-graph", msg); err != nil {
		return err
	}
	s.mu.Lock()
	for _, k := range keys {
		s.wanted[k] = struct{}{}
	}
	s.mu.Unlock()
	return nil
}

// ReleaseKeys tells the scheduler the client no longer wants keys
// (client-releases-keys), so their results can be dropped.
func (s *Stream) ReleaseKeys(ctx context.Context, keys []wire.Key) error {
	if len(keys) == 0 {
		return nil
	}
	if err := s.send(ctx, "client-releases-keys", s.releaseMsg(keys)); err != nil {
		return err
	}
	s.mu.Lock()
	for _, k := range keys {
		delete(s.wanted, k)
	}
	s.mu.Unlock()
	return nil
}

func (s *Stream) releaseMsg(keys []wire.Key) map[string]any {
	list := make([]any, len(keys))
	for i, k := range keys {
		list[i] = k
	}
	return map[string]any{"op": "client-releases-keys", "keys": list, "client": s.id}
}

// CancelKeys stops work on keys (cancel-keys). reason is sent to schedulers
// from 2025.3 on, which require it; older ones reject the field.
func (s *Stream) CancelKeys(ctx context.Context, keys []wire.Key, reason string) error {
	if len(keys) == 0 {
		return nil
	}
	list := make([]any, len(keys))
	for i, k := range keys {
		list[i] = k
	}
	msg := map[string]any{"op": "cancel-keys", "keys": list, "force": false}
	if s.version.CancelNeedsReason() {
		if reason == "" {
			reason = "cancelled by flowspec"
		}
		msg["reason"] = reason
		msg["msg"] = reason
	}
	return s.send(ctx, "cancel-keys", msg)
}

// Close releases the client's keys, unregisters it (close-client) and ends
// the stream (close-stream), then closes the connection. It waits at most
// the dial timeout for the scheduler to finish, and is safe to call twice.
func (s *Stream) Close() error {
	s.mu.Lock()
	if s.closing {
		s.mu.Unlock()
		<-s.readerDone
		return nil
	}
	s.closing = true
	lost := s.lost
	keys := make([]wire.Key, 0, len(s.wanted))
	for k := range s.wanted {
		keys = append(keys, k)
	}
	topics := s.topics
	s.mu.Unlock()
	close(s.done)
	if lost == nil {
		s.goodbye(keys, topics)
	}
	s.comm.close()
	<-s.readerDone
	return nil
}

// goodbye sends the closing batch and waits for the scheduler to hang up.
func (s *Stream) goodbye(keys []wire.Key, topics []string) {
	ctx, cancel := context.WithTimeout(context.Background(), s.timeout)
	defer cancel()
	batch := []any{}
	for _, t := range topics {
		batch = append(batch, s.topicMsg("unsubscribe-topic", t))
	}
	if len(keys) > 0 {
		batch = append(batch, s.releaseMsg(keys))
	}
	batch = append(batch, map[string]any{"op": "close-client"}, map[string]any{"op": "close-stream"})
	if err := s.comm.write(ctx, batch, s.timeout); err != nil {
		return
	}
	select {
	case <-s.readerDone:
	case <-time.After(s.timeout):
	}
}

// Subscribe asks the scheduler to forward the events logged on topic
// (subscribe-topic), by workers or clients; they arrive as TopicEvents.
// Close unsubscribes.
func (s *Stream) Subscribe(ctx context.Context, topic string) error {
	if err := s.send(ctx, "subscribe-topic", s.topicMsg("subscribe-topic", topic)); err != nil {
		return err
	}
	s.mu.Lock()
	s.topics = append(s.topics, topic)
	s.mu.Unlock()
	return nil
}

func (s *Stream) topicMsg(op, topic string) map[string]any {
	return map[string]any{"op": op, "topic": topic, "client": s.id}
}
