package client

import (
	"os"
	"path/filepath"
	"reflect"
	"testing"

	"github.com/flowspec/flowspec/dask/wire"
)

// TestDecodeEventsGolden decodes a batch that distributed's own code wrote
// (dask/wire/testdata/gen.py): task errors, key-in-memory, cancelled-keys
// with a reason, lost-data and an op flowspec ignores.
func TestDecodeEventsGolden(t *testing.T) {
	f, err := os.Open(filepath.Join("..", "wire", "testdata", "stream_batch.bin"))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	frames, err := wire.ReadFrames(f)
	if err != nil {
		t.Fatal(err)
	}
	msg, err := wire.Loads(frames)
	if err != nil {
		t.Fatal(err)
	}
	var got []StreamEvent
	for _, m := range batchOf(msg) {
		ev, ok, err := decodeEvent(m)
		if err != nil {
			t.Fatal(err)
		}
		if ok {
			got = append(got, ev)
		}
	}
	if len(got) != 6 {
		t.Fatalf("%d events, want 6 (the unknown op ignored): %#v", len(got), got)
	}
	erred := got[0].(TaskErred)
	if erred.Key != wire.TaskKey("div-t", 0) || erred.Error() != "ZeroDivisionError: division by zero" || erred.Traceback == "" {
		t.Errorf("task-erred: %#v", erred)
	}
	if e := got[1].(TaskErred); e.Error() != "KeyError: 'missing'" {
		t.Errorf("task-erred: %q", e.Error())
	}
	rest := got[3:]
	want := []StreamEvent{
		KeyInMemory{Key: wire.TaskKey("inc-t", 0)},
		CancelledKeys{Keys: []wire.Key{wire.TaskKey("inc-t", 1), wire.StrKey("sum-t")}, Reason: "lost: lost dependencies"},
		LostData{Key: wire.StrKey("sum-t")},
	}
	if !reflect.DeepEqual(rest, want) {
		t.Errorf("got  %#v\nwant %#v", rest, want)
	}
}

// TestDecodeTopicEvent: an event on a subscribed topic becomes a TopicEvent
// with its message; one whose message is not a mapping is dropped.
func TestDecodeTopicEvent(t *testing.T) {
	msg := map[string]any{"key": "slow-1", "attempt": int64(1), "state": "running", "worker": "tcp://127.0.0.1:1"}
	ev, ok, err := decodeEvent(map[string]any{"op": "event", "topic": "flowspec-attempts", "event": []any{1.5, msg}})
	if err != nil || !ok || !reflect.DeepEqual(ev, TopicEvent{Topic: "flowspec-attempts", Msg: msg}) {
		t.Errorf("got %#v, %t, %v", ev, ok, err)
	}
	if _, ok, _ := decodeEvent(map[string]any{"op": "event", "topic": "x", "event": []any{1.5, "text"}}); ok {
		t.Error("an event whose message is text was delivered")
	}
}
