package value

import (
	"strings"
	"testing"
	"time"
)

func TestNormalize(t *testing.T) {
	type named string
	for _, c := range []struct {
		in, want any
	}{
		{int(3), int64(3)},
		{int32(-3), int64(-3)},
		{uint8(200), int64(200)},
		{float32(0.5), 0.5},
		{named("x"), "x"},
		{[]int{1, 2}, []any{int64(1), int64(2)}},
		{[]string{}, []any{}},
		{[]any(nil), []any{}},
		{[]any{int(1), []int{2}}, []any{int64(1), []any{int64(2)}}},
		{map[string]any{"a": int(1)}, map[string]any{"a": int64(1)}},
		{map[string]int{"a": 1}, map[string]any{"a": int64(1)}},
		{(*int)(nil), nil},
	} {
		got, err := Normalize(c.in)
		if err != nil || !Identical(got, c.want) {
			t.Errorf("Normalize(%#v) = %#v, %v; want %#v", c.in, got, err, c.want)
		}
	}
}

func TestNormalizeLeavesInputAlone(t *testing.T) {
	in := []any{int64(1), int(2)}
	if _, err := Normalize(in); err != nil {
		t.Fatal(err)
	}
	if _, ok := in[1].(int); !ok {
		t.Fatal("Normalize changed its argument")
	}
	same := []any{int64(1), "a"}
	out, _ := Normalize(same)
	if &out.([]any)[0] != &same[0] {
		t.Fatal("Normalize copied a list that was already normalized")
	}
}

func TestNormalizeRefuses(t *testing.T) {
	for _, c := range []struct {
		in   any
		want string
	}{
		{[]any{time.Second, func() {}}, "Go type func()"},
		{map[int]any{1: 2}, "map with int keys"},
		{map[any]any{"a": 1}, "map with interface {} keys"},
		{uint64(1 << 63), "out of the int64 range"},
		{make(chan int), "Go type chan int"},
		{struct{}{}, "Go type struct {}"},
	} {
		_, err := Normalize(c.in)
		if err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("Normalize(%T): %v, want an error mentioning %q", c.in, err, c.want)
		}
	}
}
