package value

import (
	"math"
	"testing"
)

func inf() float64 { return math.Inf(1) }

// TestFormatFloat pins Python's repr(float) for the shapes it takes.
func TestFormatFloat(t *testing.T) {
	for f, want := range map[float64]string{
		0: "0.0", 1: "1.0", -2.5: "-2.5", 0.1: "0.1", 1e16: "1e+16", 9999999999999998: "9999999999999998.0",
		1e-4: "0.0001", 1e-5: "1e-05", 1.5e-7: "1.5e-07", 123456789012345680: "1.2345678901234568e+17",
		1e22: "1e+22", 5e-324: "5e-324", math.MaxFloat64: "1.7976931348623157e+308", 1234.5678: "1234.5678",
		inf(): "inf", -inf(): "-inf", 100: "100.0", 0.30000000000000004: "0.30000000000000004",
	} {
		if got := FormatFloat(f); got != want {
			t.Errorf("FormatFloat(%v) = %q, want %q", f, got, want)
		}
	}
	if got := FormatFloat(math.Copysign(0, -1)); got != "-0.0" {
		t.Errorf("FormatFloat(-0) = %q", got)
	}
	if got := FormatFloat(math.NaN()); got != "nan" {
		t.Errorf("FormatFloat(NaN) = %q", got)
	}
}

func TestRepr(t *testing.T) {
	v := map[string]any{"b": []any{int64(1), 2.0, nil, true}, "a": "x\"\\\n\t\x01é"}
	want := `{"a": "x\"\\\n\t\u0001é", "b": [1, 2.0, null, true]}`
	if got := Repr(v); got != want {
		t.Errorf("Repr = %s, want %s", got, want)
	}
	if got := Text("plain"); got != "plain" {
		t.Errorf("Text = %s", got)
	}
	long := Describe(string(make([]rune, 100)))
	if n := len([]rune(long)); n != len("string ")+60 {
		t.Errorf("describe does not shorten: %d runes", n)
	}
}
