package client

import (
	"github.com/flowspec/flowspec/dask/wire"
)

// StreamEvent is one thing the scheduler reported on a Stream: a
// KeyInMemory, TaskErred, CancelledKeys, LostData, Restarted, TopicEvent or
// StreamClosed (always the last event).
type StreamEvent interface{ streamEvent() }

// KeyInMemory says a wanted key's result is held by a worker (op
// key-in-memory); Gather fetches it.
type KeyInMemory struct{ Key wire.Key }

// TaskErred says a wanted key failed (op task-erred), either itself or
// through a dependency. Class and Message come from the pickled exception
// ("ZeroDivisionError", "division by zero"); Traceback holds Python-style
// frame lines when the scheduler sent them.
type TaskErred struct {
	Key       wire.Key
	Class     string
	Message   string
	Traceback string
}

// Error renders the exception as Python's last traceback line does.
func (e TaskErred) Error() string {
	return (&wire.RemoteError{Class: e.Class, Message: e.Message}).Error()
}

// CancelledKeys says keys will not be computed (op cancelled-keys), for
// instance because a dependency was lost; Reason is the scheduler's, if any.
type CancelledKeys struct {
	Keys   []wire.Key
	Reason string
}

// LostData says a key's result was lost with its worker (op lost-data);
// the scheduler recomputes it when it can and reports it again.
type LostData struct{ Key wire.Key }

// Restarted says the cluster restarted (op restart): every key submitted
// before is forgotten.
type Restarted struct{}

// StreamClosed is the last event: Err is nil after Close, and says why
// otherwise (the scheduler stopped, the connection broke).
type StreamClosed struct{ Err error }

func (KeyInMemory) streamEvent()   {}
func (TaskErred) streamEvent()     {}
func (CancelledKeys) streamEvent() {}
func (LostData) streamEvent()      {}
func (Restarted) streamEvent()     {}
func (StreamClosed) streamEvent()  {}

// decodeEvent turns one stream message into an event; ok is false for ops
// flowspec does not use.
func decodeEvent(msg map[string]any) (ev StreamEvent, ok bool, err error) {
	op, _ := msg["op"].(string)
	switch op {
	case "key-in-memory":
		k, err := wire.KeyFromWire(msg["key"])
		return KeyInMemory{Key: k}, err == nil, err
	case "task-erred":
		return taskErred(msg)
	case "cancelled-keys":
		return cancelledKeys(msg)
	case "lost-data":
		k, err := wire.KeyFromWire(msg["key"])
		return LostData{Key: k}, err == nil, err
	case "restart":
		return Restarted{}, true, nil
	case "event":
		return topicEvent(msg)
	}
	return nil, false, nil
}

func taskErred(msg map[string]any) (StreamEvent, bool, error) {
	k, err := wire.KeyFromWire(msg["key"])
	if err != nil {
		return nil, false, err
	}
	ev := TaskErred{Key: k}
	re, err := wire.DecodeException(msg["exception"], msg["traceback"])
	if err != nil {
		ev.Class, ev.Message = "Exception", "the task failed, and its exception could not be read: "+err.Error()
		return ev, true, nil
	}
	ev.Class, ev.Message, ev.Traceback = re.Class, re.Message, re.Traceback
	return ev, true, nil
}

func cancelledKeys(msg map[string]any) (StreamEvent, bool, error) {
	raw, _ := msg["keys"].([]any)
	if s, ok := msg["keys"].(*wire.Set); ok {
		raw = s.Items
	}
	ev := CancelledKeys{}
	for _, r := range raw {
		k, err := wire.KeyFromWire(r)
		if err != nil {
			return nil, false, err
		}
		ev.Keys = append(ev.Keys, k)
	}
	ev.Reason, _ = msg["reason"].(string)
	if m, _ := msg["msg"].(string); m != "" {
		if ev.Reason != "" {
			ev.Reason += ": "
		}
		ev.Reason += m
	}
	return ev, true, nil
}

// TopicEvent is an event logged on a topic the stream subscribed to (op
// event; see Stream.Subscribe): Msg is the logged message, with the
// "worker" entry the scheduler adds for events a worker logged.
type TopicEvent struct {
	Topic string
	Msg   map[string]any
}

func (TopicEvent) streamEvent() {}

// topicEvent decodes {op: event, topic, event: [time, msg]}; events whose
// message is not a mapping are not flowspec's and are dropped.
func topicEvent(msg map[string]any) (StreamEvent, bool, error) {
	topic, _ := msg["topic"].(string)
	pair, _ := msg["event"].([]any)
	if len(pair) != 2 {
		return nil, false, nil
	}
	m, ok := pair[1].(map[string]any)
	return TopicEvent{Topic: topic, Msg: m}, ok, nil
}
