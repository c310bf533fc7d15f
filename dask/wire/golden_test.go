package wire

import (
	"bytes"
	"flag"
	"os"
	"os/exec"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"github.com/flowspec/flowspec/internal/testvenv"
)

var update = flag.Bool("update", false, "regenerate testdata with testdata/gen.py and the venv's Python")

func TestMain(m *testing.M) {
	flag.Parse()
	if *update {
		if err := regenerate(); err != nil {
			os.Stderr.WriteString("regenerating testdata: " + err.Error() + "\n")
			os.Exit(1)
		}
	}
	os.Exit(m.Run())
}

// regenerate runs testdata/gen.py with the venv "current" (testvenv.Dir).
func regenerate() error {
	cmd := exec.Command(filepath.Join(testvenv.Dir("current"), "bin", "python"), filepath.Join("testdata", "gen.py"))
	cmd.Stdout, cmd.Stderr = os.Stdout, os.Stderr
	return cmd.Run()
}

// golden reads a testdata file written by gen.py.
func golden(t *testing.T, name string) []byte {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("testdata", name))
	if err != nil {
		t.Fatalf("%v (regenerate with: go test ./dask/wire -update)", err)
	}
	return b
}

// readMessage decodes one framed message from golden bytes and checks that
// nothing follows it.
func readMessage(t *testing.T, name string) ([][]byte, any) {
	t.Helper()
	r := bytes.NewReader(golden(t, name))
	frames, err := ReadFrames(r)
	if err != nil {
		t.Fatal(err)
	}
	if r.Len() != 0 {
		t.Fatalf("%d bytes after the message", r.Len())
	}
	msg, err := Loads(frames)
	if err != nil {
		t.Fatal(err)
	}
	return frames, msg
}

// encodeWire frames msg as the Go client writes it.
func encodeWire(t *testing.T, msg any) []byte {
	t.Helper()
	frames, err := Dumps(msg)
	if err != nil {
		t.Fatal(err)
	}
	var b bytes.Buffer
	if err := WriteFrames(&b, frames); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

func TestGoldenHandshake(t *testing.T) {
	_, msg := readMessage(t, "handshake.bin")
	h, err := ParseHandshake(msg)
	if err != nil {
		t.Fatal(err)
	}
	if h != ClientHandshake() {
		t.Errorf("Python's handshake decodes to %+v, want %+v", h, ClientHandshake())
	}
	if got := encodeWire(t, ClientHandshake().Message()); !bytes.Equal(got, golden(t, "handshake.bin")) {
		t.Errorf("Go handshake bytes\n%x\ndiffer from Python's\n%x", got, golden(t, "handshake.bin"))
	}
}

func TestGoldenUpdateGraph(t *testing.T) {
	frames, msg := readMessage(t, "update_graph.bin")
	batch := msg.([]any)
	m := batch[0].(map[string]any)
	ser := m["expr_ser"].(*Serialized)
	keys := m["keys"].(*Set)
	if k, err := KeyFromWire(keys.Items[0]); len(keys.Items) != 1 || err != nil || k != TaskKey("inc-t", 0) {
		t.Errorf("keys = %#v", keys.Items)
	}
	graph := ser.Frames[0]
	if ser.Header["serializer"] != "pickle" || len(frames) != 3 {
		t.Errorf("expr_ser header %v in %d frames", ser.Header, len(frames))
	}
	goMsg := map[string]any{
		"actors": nil, "annotations": map[string]any{}, "code": []any{},
		"expr_ser": SerializedPickle(graph), "fifo_timeout": 0.0, "internal_priority": nil,
		"keys": NewSet([]Key{TaskKey("inc-t", 0)}), "op": "update-graph", "span_metadata": map[string]any{},
		"stimulus_id": "update-graph-c-1", "submitting_task": nil,
	}
	if got := encodeWire(t, []any{goMsg}); !bytes.Equal(got, golden(t, "update_graph.bin")) {
		t.Errorf("Go update-graph bytes\n%x\ndiffer from Python's\n%x", got, golden(t, "update_graph.bin"))
	}
	obj, err := Unpickle(graph)
	if err != nil {
		t.Fatal(err)
	}
	d := obj.(*Dict)
	if k, _ := NewKey(d.Keys[0]); k != TaskKey("inc-t", 0) {
		t.Errorf("graph key %#v", d.Keys[0])
	}
}

func gathered(t *testing.T, name string) map[Key]any {
	t.Helper()
	_, msg := readMessage(t, name)
	data := msg.(map[string]any)["data"].(map[any]any)
	out := map[Key]any{}
	for k, v := range data {
		key, err := KeyFromWire(k)
		if err != nil {
			t.Fatal(err)
		}
		out[key] = v
	}
	return out
}

func TestGoldenGatherValues(t *testing.T) {
	data := gathered(t, "gather_plain.bin")
	nested, _ := NewKey([]any{"nested", []any{1, 2}})
	want := map[Key]any{
		TaskKey("inc-t", 0):   int64(42),
		TaskKey("inc-t", 1):   int64(-7),
		StrKey("sum-t"):       2.5,
		TaskKey("str-t", 0):   "héllo ✓",
		TaskKey("list-t", 0):  []any{int64(1), "a", []any{true, nil}},
		TaskKey("dict-t", 0):  map[string]any{"a": int64(1), "b": []any{1.5, "x"}},
		TaskKey("set-t", 0):   []any{int64(1), int64(2), int64(3)},
		TaskKey("tuple-t", 0): []any{int64(1), int64(2)},
		TaskKey("bytes-t", 0): "\x00\xff",
		nested:                "nested tuple key",
	}
	for k, w := range want {
		v, err := data[k].(*Serialized).Value()
		if err != nil {
			t.Errorf("%v: %v", k, err)
			continue
		}
		if !reflect.DeepEqual(v, w) {
			t.Errorf("%v = %#v, want %#v", k, v, w)
		}
	}
	for k, frag := range map[Key]string{
		TaskKey("big-t", 0):  "integer 1180591620717411303424 does not fit in a 64-bit signed integer",
		TaskKey("date-t", 0): "a Python datetime.date object is not a plain value",
	} {
		_, err := data[k].(*Serialized).Value()
		if err == nil || !strings.Contains(err.Error(), frag) {
			t.Errorf("%v: error %v, want %q", k, err, frag)
		}
	}
}

func TestGoldenGatherCompressedAndSplit(t *testing.T) {
	for name, check := range map[string]func(h map[string]any) bool{
		"gather_lz4.bin":   func(h map[string]any) bool { return reflect.DeepEqual(h["compression"], []any{"lz4"}) },
		"gather_zlib.bin":  func(h map[string]any) bool { return reflect.DeepEqual(h["compression"], []any{"zlib"}) },
		"gather_split.bin": func(h map[string]any) bool { return len(h["split-num-sub-frames"].([]any)) == 1 },
	} {
		t.Run(name, func(t *testing.T) {
			s := gathered(t, name)[TaskKey("big-t", 0)].(*Serialized)
			if !check(s.Header) {
				t.Fatalf("the golden file does not exercise what it should: header %v", s.Header)
			}
			v, err := s.Value()
			if err != nil {
				t.Fatal(err)
			}
			str, _ := v.(string)
			if name == "gather_split.bin" {
				if str != strings.Repeat("0123456789", 500) || len(s.Frames) < 5 {
					t.Errorf("split value of %d bytes from %d frames", len(str), len(s.Frames))
				}
			} else if str != strings.Repeat("flowspec ", 20000) {
				t.Errorf("decompressed value of %d bytes", len(str))
			}
		})
	}
}

func TestGoldenTaskErred(t *testing.T) {
	_, msg := readMessage(t, "stream_batch.bin")
	batch := msg.([]any)
	want := []struct{ err, tb string }{
		{"ZeroDivisionError: division by zero", "in inner\n"},
		{"KeyError: 'missing'", "in <lambda>\n"},
		{"TwoArgError: ('bad', 3)", ""},
	}
	for i, w := range want {
		m := batch[i].(map[string]any)
		re, err := DecodeException(m["exception"], m["traceback"])
		if err != nil {
			t.Fatal(err)
		}
		if re.Error() != w.err || !strings.Contains(re.Traceback, w.tb) {
			t.Errorf("message %d: %q with traceback\n%s\nwant %q and %q", i, re.Error(), re.Traceback, w.err, w.tb)
		}
	}
	deep := batch[0].(map[string]any)
	re, _ := DecodeException(deep["exception"], deep["traceback"])
	lines := strings.Split(strings.TrimRight(re.Traceback, "\n"), "\n")
	if len(lines) != 4 || !strings.Contains(lines[2], "in fails_deep") || !strings.HasPrefix(lines[0], `  File "`) {
		t.Errorf("traceback:\n%s", re.Traceback)
	}
}
