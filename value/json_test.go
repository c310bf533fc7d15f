package value

import (
	"math"
	"testing"
)

// TestJSON pins the one spelling of non-finite floats, at any depth, and
// that everything else encodes as encoding/json does.
func TestJSON(t *testing.T) {
	cases := []struct {
		v    any
		want string
	}{
		{nil, `null`},
		{int64(3), `3`},
		{1.0, `1`},
		{1e21, `1e+21`},
		{"<a>", `"\u003ca\u003e"`},
		{math.NaN(), `"NaN"`},
		{math.Inf(1), `"+Inf"`},
		{[]any{math.Inf(-1), 1.5, []any{math.NaN()}}, `["-Inf",1.5,["NaN"]]`},
		{map[string]any{"b": math.Inf(1), "a": int64(1)}, `{"a":1,"b":"+Inf"}`},
		{func() {}, `"\u003cfunc()\u003e"`},
		{[]any{int64(1), func() {}}, `"\u003c[]interface {}\u003e"`},
	}
	for _, tc := range cases {
		if got := string(JSON(tc.v)); got != tc.want {
			t.Errorf("JSON(%v) = %s, want %s", tc.v, got, tc.want)
		}
	}
}

// TestJSONSafeShares: a value without non-finite floats is not copied, and
// one with them is copied without touching the original.
func TestJSONSafeShares(t *testing.T) {
	l := []any{int64(1), []any{2.5}}
	if got := JSONSafe(l).([]any); &got[0] != &l[0] {
		t.Error("a finite list was copied")
	}
	bad := []any{int64(1), []any{math.NaN()}}
	got := JSONSafe(bad).([]any)
	if got[1].([]any)[0] != JSONNaN || !math.IsNaN(bad[1].([]any)[0].(float64)) {
		t.Errorf("JSONSafe = %v, original now %v", got, bad)
	}
}

func TestJSONObjectKeepsOrder(t *testing.T) {
	names := []string{"z", "a"}
	vals := []any{math.Inf(-1), "x"}
	got := string(JSONObject(2, func(i int) (string, any) { return names[i], vals[i] }))
	if want := `{"z":"-Inf","a":"x"}`; got != want {
		t.Errorf("JSONObject = %s, want %s", got, want)
	}
	if got := string(JSONObject(0, nil)); got != `{}` {
		t.Errorf("empty JSONObject = %s", got)
	}
}
