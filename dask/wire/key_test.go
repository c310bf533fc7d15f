package wire

import (
	"math"
	"reflect"
	"testing"
)

func TestKeyString(t *testing.T) {
	nested, _ := NewKey([]any{"x", int64(1), []any{"y", 2.5}})
	quote, _ := NewKey([]any{"it's", 1e20})
	single, _ := NewKey([]any{"only"})
	for k, want := range map[Key]string{
		StrKey("total-3f2a"):   "total-3f2a",
		TaskKey("add-3f2a", 7): "('add-3f2a', 7)",
		nested:                 "('x', 1, ('y', 2.5))",
		quote:                  `("it's", 1e+20)`,
		single:                 "('only',)",
	} {
		if got := k.String(); got != want {
			t.Errorf("String() = %s, want %s", got, want)
		}
	}
}

func TestKeyComparableAndCanonical(t *testing.T) {
	a, _ := NewKey([]any{"a", 1})
	b, _ := NewKey([]any{"a", int64(1)})
	c, _ := NewKey([]any{"a", uint64(1)})
	if a != b || b != c || a != TaskKey("a", 1) {
		t.Error("equal keys built from different Go integer types differ")
	}
	m := map[Key]int{a: 1}
	if m[TaskKey("a", 1)] != 1 {
		t.Error("Key does not work as a map key")
	}
	if !reflect.DeepEqual(a.Value(), []any{"a", int64(1)}) {
		t.Errorf("Value() = %#v", a.Value())
	}
}

func TestNewKeyRejects(t *testing.T) {
	for _, v := range []any{nil, true, map[string]any{}, uint64(math.MaxUint64), []any{"a", []byte("b")}, Key{}} {
		if k, err := NewKey(v); err == nil {
			t.Errorf("NewKey(%#v) = %v, want an error", v, k)
		}
	}
}

func TestMsgpackTupleMapKeys(t *testing.T) {
	enc, err := EncodeMsgpack(map[any]any{"plain": 1})
	if err != nil {
		t.Fatal(err)
	}
	if v, _ := DecodeMsgpack(enc); !reflect.DeepEqual(v, map[string]any{"plain": int64(1)}) {
		t.Errorf("string-keyed map = %#v", v)
	}
	// {("a", 1): 2, 3: 4} as Python's msgpack writes it.
	raw := []byte{0x82, 0x92, 0xa1, 'a', 0x01, 0x02, 0x03, 0x04}
	v, err := DecodeMsgpack(raw)
	if err != nil {
		t.Fatal(err)
	}
	want := map[any]any{TaskKey("a", 1): int64(2), int64(3): int64(4)}
	if !reflect.DeepEqual(v, want) {
		t.Errorf("got %#v, want %#v", v, want)
	}
	if _, err := DecodeMsgpack(append(raw, 0xc0)); err == nil {
		t.Error("trailing bytes accepted")
	}
	if _, err := DecodeMsgpack([]byte{0xdd, 0xff, 0xff, 0xff, 0xff}); err == nil {
		t.Error("an array longer than its input accepted")
	}
}

func TestPyFloatRepr(t *testing.T) {
	for f, want := range map[float64]string{1: "1.0", 1e6: "1000000.0", 1e16: "1e+16", 1.5e-5: "1.5e-05", 0.0001: "0.0001", -2.5: "-2.5"} {
		if got := pyFloatRepr(f); got != want {
			t.Errorf("pyFloatRepr(%v) = %s, want %s", f, got, want)
		}
	}
}
