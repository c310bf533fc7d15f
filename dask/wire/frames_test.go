package wire

import (
	"bytes"
	"encoding/binary"
	"errors"
	"io"
	"os"
	"path/filepath"
	"reflect"
	"testing"
)

func TestFramesRoundTrip(t *testing.T) {
	for _, frames := range [][][]byte{
		{{}},
		{[]byte("header"), {}, []byte("payload")},
		{bytes.Repeat([]byte("x"), 200_000), []byte("y")}, // written buffer by buffer
	} {
		var b bytes.Buffer
		if err := WriteFrames(&b, frames); err != nil {
			t.Fatal(err)
		}
		got, err := ReadFrames(&b)
		if err != nil {
			t.Fatal(err)
		}
		if !reflect.DeepEqual(got, frames) {
			t.Errorf("round trip of %d frames changed them", len(frames))
		}
	}
}

// TestFramesPartialLeadingCount reads a message whose leading count covers
// only the prelude and the first frame, as Dask writes when large buffers
// follow.
func TestFramesPartialLeadingCount(t *testing.T) {
	frames := [][]byte{[]byte("head"), []byte("big buffer")}
	var b bytes.Buffer
	le := func(v uint64) { binary.Write(&b, binary.LittleEndian, v) }
	le(8*3 + 4)
	le(2)
	le(4)
	le(10)
	b.WriteString("head")
	b.WriteString("big buffer")
	got, err := ReadFrames(&b)
	if err != nil || !reflect.DeepEqual(got, frames) {
		t.Fatalf("got %q, %v", got, err)
	}
}

func TestFramesRejectGarbage(t *testing.T) {
	msg := func(words ...uint64) []byte {
		var b bytes.Buffer
		for _, w := range words {
			binary.Write(&b, binary.LittleEndian, w)
		}
		return b.Bytes()
	}
	for name, data := range map[string][]byte{
		"http":              []byte("HTTP/1.1 400 Bad Request\r\n\r\n"),
		"count below 8":     msg(4),
		"too many frames":   msg(16, 1<<40),
		"prelude beyond N":  msg(16, 4),
		"split frame":       append(msg(8*2+2, 1, 4), "abcd"...),
		"count past frames": append(msg(8*2+9, 1, 4), "abcd"...),
	} {
		_, err := ReadFrames(bytes.NewReader(data))
		var fe *FramingError
		if !errors.As(err, &fe) {
			t.Errorf("%s: error %v, want a FramingError", name, err)
		}
	}
	if _, err := ReadFrames(bytes.NewReader(msg(8*2+4, 1, 4))); !errors.Is(err, io.ErrUnexpectedEOF) {
		t.Errorf("truncated frame: %v, want unexpected EOF", err)
	}
	if _, err := ReadFrames(bytes.NewReader(nil)); err != io.EOF {
		t.Errorf("empty stream: %v, want EOF", err)
	}
}

func TestMessageRoundTrip(t *testing.T) {
	msg := map[string]any{
		"op":    "gather",
		"keys":  []any{TaskKey("a", 1), StrKey("b")},
		"set":   NewSet([]Key{StrKey("k")}),
		"graph": SerializedPickle([]byte("\x80\x04N.")),
		"pick":  &Pickled{Header: map[string]any{"pickled-obj": []byte("\x80\x04K\x07.")}},
	}
	frames, err := Dumps(msg)
	if err != nil {
		t.Fatal(err)
	}
	got, err := Loads(frames)
	if err != nil {
		t.Fatal(err)
	}
	m := got.(map[string]any)
	if v, err := m["pick"].(*Pickled).Value(); err != nil || v != int64(7) {
		t.Errorf("pickled = %v, %v", v, err)
	}
	if v, err := m["graph"].(*Serialized).Value(); err != nil || v != nil {
		t.Errorf("serialized = %v, %v", v, err)
	}
	if s := m["set"].(*Set); len(s.Items) != 1 || s.Items[0] != "k" {
		t.Errorf("set = %#v", s.Items)
	}
	if k, err := KeyFromWire(m["keys"].([]any)[0]); err != nil || k != TaskKey("a", 1) {
		t.Errorf("key = %v, %v", k, err)
	}
}

func TestLoadsRejectsBadReferences(t *testing.T) {
	head, _ := EncodeMsgpack(map[string]any{"x": map[string]any{"__Serialized__": 5}})
	if _, err := Loads([][]byte{head}); err == nil {
		t.Error("a reference past the frames decoded")
	}
	sub, _ := EncodeMsgpack(map[string]any{"num-sub-frames": 9})
	head, _ = EncodeMsgpack(map[string]any{"x": map[string]any{"__Serialized__": 1}})
	if _, err := Loads([][]byte{head, sub}); err == nil {
		t.Error("a sub-header wanting missing frames decoded")
	}
}

func TestDecompressUnknown(t *testing.T) {
	s := &Serialized{Header: map[string]any{"serializer": "pickle", "compression": []any{"zstd"}}, Frames: [][]byte{{1}}}
	if _, err := s.Value(); err == nil || !bytes.Contains([]byte(err.Error()), []byte(`compressed data with "zstd"`)) {
		t.Errorf("zstd frame: %v", err)
	}
}

func FuzzReadMessage(f *testing.F) {
	for _, name := range []string{"handshake.bin", "update_graph.bin", "gather_plain.bin", "gather_lz4.bin", "stream_batch.bin"} {
		if b, err := os.ReadFile(filepath.Join("testdata", name)); err == nil {
			f.Add(b)
		}
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		frames, err := ReadFrames(bytes.NewReader(data))
		if err != nil {
			return
		}
		msg, err := Loads(frames)
		if err != nil {
			return
		}
		walkValues(msg, 0)
	})
}

// walkValues decodes every Serialized and Pickled value inside v.
func walkValues(v any, depth int) {
	if depth > 50 {
		return
	}
	switch x := v.(type) {
	case *Serialized:
		x.Value()
		DecodeException(x, nil)
	case *Pickled:
		x.Value()
	case map[string]any:
		for _, e := range x {
			walkValues(e, depth+1)
		}
	case map[any]any:
		for _, e := range x {
			walkValues(e, depth+1)
		}
	case []any:
		for _, e := range x {
			walkValues(e, depth+1)
		}
	}
}
