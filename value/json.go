package value

import (
	"bytes"
	"encoding/json"
	"fmt"
	"math"
)

// JSON has no numbers for NaN and the infinities, and encoding/json refuses
// them. flowspec writes them as these strings wherever it writes a runtime
// value as JSON (`--output json`, the schedule log, `flowspec compile`), and
// the run summary uses the same spelling, so a script can test for them.
const (
	JSONNaN    = "NaN"
	JSONPosInf = "+Inf"
	JSONNegInf = "-Inf"
)

// NonFinite returns the JSON spelling of f when f is NaN or infinite, and
// false for every finite float.
func NonFinite(f float64) (string, bool) {
	switch {
	case math.IsNaN(f):
		return JSONNaN, true
	case math.IsInf(f, 1):
		return JSONPosInf, true
	case math.IsInf(f, -1):
		return JSONNegInf, true
	}
	return "", false
}

// JSON encodes a runtime value as compact JSON, as encoding/json would,
// except that non-finite floats are written as their spellings (JSONNaN…).
// It cannot fail: a value outside the value model that encoding/json
// rejects (a function, a channel) is written as a string naming its Go
// type, "<func()>", rather than losing the document around it.
func JSON(v any) []byte {
	b, err := json.Marshal(JSONSafe(v))
	if err != nil {
		b, _ = json.Marshal(fmt.Sprintf("<%T>", v))
	}
	return b
}

// JSONSafe returns v with every non-finite float replaced by its spelling,
// for values placed inside structures that encoding/json encodes. It copies
// only the lists and maps on the way to such a float; a value without one
// is returned as it is.
func JSONSafe(v any) any {
	if !hasNonFinite(v) {
		return v
	}
	switch v := v.(type) {
	case float64:
		s, _ := NonFinite(v)
		return s
	case []any:
		c := make([]any, len(v))
		for i, it := range v {
			c[i] = JSONSafe(it)
		}
		return c
	case map[string]any:
		c := make(map[string]any, len(v))
		for k, it := range v {
			c[k] = JSONSafe(it)
		}
		return c
	}
	return v
}

// hasNonFinite reports whether v is or holds a NaN or infinite float.
func hasNonFinite(v any) bool {
	switch v := v.(type) {
	case float64:
		_, bad := NonFinite(v)
		return bad
	case []any:
		for _, it := range v {
			if hasNonFinite(it) {
				return true
			}
		}
	case map[string]any:
		for _, it := range v {
			if hasNonFinite(it) {
				return true
			}
		}
	}
	return false
}

// JSONObject encodes n named values as one JSON object whose keys keep
// their order (encoding/json sorts a map's keys): a run's outputs in the
// flow's order. field returns the i-th name and value.
func JSONObject(n int, field func(i int) (string, any)) []byte {
	var b bytes.Buffer
	b.WriteByte('{')
	for i := 0; i < n; i++ {
		if i > 0 {
			b.WriteByte(',')
		}
		name, v := field(i)
		b.Write(JSON(name))
		b.WriteByte(':')
		b.Write(JSON(v))
	}
	b.WriteByte('}')
	return b.Bytes()
}

// FromJSONNumbers turns the json.Numbers a decoder made (UseNumber) into
// runtime values, in place: an integer literal within int64 is an int, any
// other number a float (the nearest, ±Inf past the float range, as Python
// reads 1e400).
func FromJSONNumbers(v any) any {
	switch x := v.(type) {
	case json.Number:
		if i, err := x.Int64(); err == nil {
			return i
		}
		f, _ := x.Float64()
		return f
	case []any:
		for i := range x {
			x[i] = FromJSONNumbers(x[i])
		}
	case map[string]any:
		for k := range x {
			x[k] = FromJSONNumbers(x[k])
		}
	}
	return v
}
