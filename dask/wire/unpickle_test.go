package wire

import (
	"bytes"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	ogórek "github.com/kisielk/og-rek"
)

// pickles returns the named pickles gen.py wrote with Python's pickle.
func pickles(t *testing.T) map[string][]byte {
	t.Helper()
	v, err := DecodeMsgpack(golden(t, "pickles.msgpack"))
	if err != nil {
		t.Fatal(err)
	}
	out := map[string][]byte{}
	for k, b := range v.(map[string]any) {
		out[k] = b.([]byte)
	}
	return out
}

func unpickleRuntime(t *testing.T, p []byte, buffers ...[]byte) (any, error) {
	t.Helper()
	obj, err := Unpickle(p, buffers...)
	if err != nil {
		t.Fatal(err)
	}
	return ToRuntime(obj)
}

func TestUnpickleEveryProtocol(t *testing.T) {
	want := map[string]any{
		"ints": []any{int64(0), int64(1), int64(-1), int64(255), int64(256), int64(65535), int64(65536),
			int64(-1 << 31), int64(1 << 31), int64(1<<63 - 1), int64(-1 << 63)},
		"float": 1.5, "str": "héllo ✓", "bytes": "\x00\xff", "t": []any{int64(1), "a"},
		"none": nil, "bools": []any{true, false}, "set": []any{"a", "b"}, "fs": []any{int64(1), int64(2)},
	}
	ps := pickles(t)
	for _, proto := range []string{"p0", "p1", "p2", "p3", "p4", "p5"} {
		t.Run(proto, func(t *testing.T) {
			got, err := unpickleRuntime(t, ps["composite-"+proto])
			if err != nil {
				t.Fatal(err)
			}
			if !reflect.DeepEqual(got, want) {
				t.Errorf("got  %#v\nwant %#v", got, want)
			}
		})
	}
}

func TestUnpickleCases(t *testing.T) {
	ps := pickles(t)
	cases := []struct {
		name    string
		buffers [][]byte
		want    any
		err     string
	}{
		{name: "oob-p5", buffers: [][]byte{ps["oob-p5-buffer"]}, want: []any{"out-of-band"}},
		{name: "oob-p5", err: "out-of-band buffer the message did not carry"},
		{name: "shared-p4", want: []any{[]any{int64(1), int64(2)}, []any{int64(1), int64(2)}}},
		{name: "recursive-p4", err: "refers to itself"},
		{name: "bigint-p4", err: "integer 18446744073709551616 does not fit in a 64-bit signed integer"},
		{name: "negbig-p4", err: "integer -1180591620717411303424 does not fit"},
		{name: "tuplekey-p4", err: "a dict with a tuple key is not a plain value"},
		{name: "ordereddict-p4", want: map[string]any{"z": int64(1), "a": int64(2)}},
		{name: "bytearray-p5", want: "ba"},
		{name: "date-p4", err: "a Python datetime.date object is not a plain value"},
		{name: "key-p4", want: []any{"inc-t", int64(0)}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			obj, err := Unpickle(ps[c.name], c.buffers...)
			if err == nil {
				obj, err = ToRuntime(obj)
			}
			if c.err != "" {
				if err == nil || !strings.Contains(err.Error(), c.err) {
					t.Fatalf("error %v, want %q", err, c.err)
				}
				return
			}
			if err != nil || !reflect.DeepEqual(obj, c.want) {
				t.Fatalf("got %#v, %v; want %#v", obj, err, c.want)
			}
		})
	}
}

// TestKeyPickleMatchesPython checks that the og-rek encoding of a Key
// unpickles to the same value as Python's pickle of the same key.
func TestKeyPickleMatchesPython(t *testing.T) {
	ps := pickles(t)
	nested, err := NewKey([]any{"x", 1, []any{"y", 2.5}})
	if err != nil {
		t.Fatal(err)
	}
	for name, k := range map[string]Key{"key-p4": TaskKey("inc-t", 0), "nested-key-p4": nested} {
		var b bytes.Buffer
		enc := ogórek.NewEncoderWithConfig(&b, &ogórek.EncoderConfig{Protocol: 4, StrictUnicode: true})
		if err := enc.Encode(k.Pickle()); err != nil {
			t.Fatal(err)
		}
		goVal, err := Unpickle(b.Bytes())
		if err != nil {
			t.Fatal(err)
		}
		pyVal, err := Unpickle(ps[name])
		if err != nil {
			t.Fatal(err)
		}
		gk, err1 := NewKey(goVal)
		pk, err2 := NewKey(pyVal)
		if err1 != nil || err2 != nil || gk != pk || gk != k {
			t.Errorf("%s: Go pickle gives %v, Python's %v, want %v (%v, %v)", name, gk, pk, k, err1, err2)
		}
	}
}

func TestUnpickleRejectsGarbage(t *testing.T) {
	for name, p := range map[string][]byte{
		"empty":            {},
		"no stop":          {0x80, 4, 'N'},
		"unknown opcode":   {0x80, 4, 0xff, '.'},
		"short string":     {0x80, 4, 0x8c, 10, 'a', '.'},
		"huge length":      {0x80, 4, 'X', 0xff, 0xff, 0xff, 0x7f, '.'},
		"get unset memo":   {0x80, 4, 'h', 3, '.'},
		"reduce non-tuple": {0x80, 4, 'N', 'N', 'R', '.'},
		"persistent id":    {0x80, 4, 'N', 'Q', '.'},
	} {
		if v, err := Unpickle(p); err == nil {
			t.Errorf("%s: decoded %#v, want an error", name, v)
		}
	}
}

func FuzzUnpickle(f *testing.F) {
	raw, _ := os.ReadFile(filepath.Join("testdata", "pickles.msgpack"))
	if v, err := DecodeMsgpack(raw); err == nil {
		for _, b := range v.(map[string]any) {
			f.Add(b.([]byte))
		}
	}
	f.Fuzz(func(t *testing.T, p []byte) {
		obj, err := Unpickle(p)
		if err == nil {
			ToRuntime(obj)
		}
	})
}
