package wire

import (
	"bytes"
	"testing"
)

// BenchmarkGatherReply measures decoding a gather reply of a dozen values
// of every kind, as written by distributed (framing, headers, sub-frames,
// pickles and msgpack payloads), into runtime values.
func BenchmarkGatherReply(b *testing.B) {
	data := golden(&testing.T{}, "gather_plain.bin")
	b.SetBytes(int64(len(data)))
	for b.Loop() {
		frames, err := ReadFrames(bytes.NewReader(data))
		if err != nil {
			b.Fatal(err)
		}
		msg, err := Loads(frames)
		if err != nil {
			b.Fatal(err)
		}
		for _, v := range msg.(map[string]any)["data"].(map[any]any) {
			v.(*Serialized).Value()
		}
	}
}

// BenchmarkUnpickleException measures reading a task error with its
// traceback (tblib's pickle), the costliest message a run receives.
func BenchmarkUnpickleException(b *testing.B) {
	frames, err := ReadFrames(bytes.NewReader(golden(&testing.T{}, "stream_batch.bin")))
	if err != nil {
		b.Fatal(err)
	}
	for b.Loop() {
		msg, err := Loads(frames)
		if err != nil {
			b.Fatal(err)
		}
		m := msg.([]any)[0].(map[string]any)
		if _, err := DecodeException(m["exception"], m["traceback"]); err != nil {
			b.Fatal(err)
		}
	}
}
