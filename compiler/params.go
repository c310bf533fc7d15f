package compiler

import (
	"encoding/json"
	"errors"
	"fmt"
	"math"
	"sort"
	"strconv"
	"strings"

	"github.com/flowspec/flowspec/spec"
	"github.com/flowspec/flowspec/value"
)

// bindParams computes the params namespace: command-line or clock values
// converted to each parameter's type, else the declared default. Unknown and
// missing parameters are errors that name the fix.
func (c *compilation) bindParams() map[string]any {
	out := make(map[string]any, len(c.flow.Params))
	declared := make(map[string]bool, len(c.flow.Params))
	for _, p := range c.flow.Params {
		declared[p.Name] = true
		if v, ok := c.bindParam(p); ok {
			out[p.Name] = v
		}
	}
	c.unknownParams(declared)
	return out
}

// unknownParams reports given parameters the flow does not declare.
func (c *compilation) unknownParams(declared map[string]bool) {
	var unknown []string
	for name := range c.opts.Params {
		if !declared[name] {
			unknown = append(unknown, name)
		}
	}
	sort.Strings(unknown)
	names := make([]string, 0, len(declared))
	for n := range declared {
		names = append(names, n)
	}
	sort.Strings(names)
	for _, name := range unknown {
		hint := "declared params: " + strings.Join(names, ", ")
		if s := spec.DidYouMean(name, names); s != "" {
			hint = fmt.Sprintf("did you mean %q? (%s)", s, hint)
		}
		if len(names) == 0 {
			hint = "this flow declares no params"
		}
		c.diags.Errorf(spec.Range{File: c.flow.File}, hint, "unknown param %q", name)
	}
}

// bindParam resolves one parameter's value.
func (c *compilation) bindParam(p spec.Param) (any, bool) {
	given, ok := c.opts.Params[p.Name]
	if !ok {
		if p.Default.IsZero() {
			c.diags.Errorf(p.Range, fmt.Sprintf("pass it with --param %s=VALUE or give it a default", p.Name), "param %q has no value", p.Name)
			return nil, false
		}
		return c.literal(p.Default)
	}
	if v, isValue := given.(spec.Value); isValue {
		given, ok = c.clockParam(p, v)
		if !ok {
			return nil, false
		}
	}
	want := value.Type(p.Type)
	if want == "" && !p.Default.IsZero() {
		if d, ok := c.literal(p.Default); ok {
			want = value.TypeOf(d)
		}
	}
	v, err := convertParam(given, want)
	if err != nil {
		c.diags.Errorf(p.Range, "", "param %q: %v", p.Name, err)
		return nil, false
	}
	return v, true
}

// clockParam evaluates a parameter value written in the file (a schedule
// clock's params:), which may use compile-time expressions.
func (c *compilation) clockParam(p spec.Param, v spec.Value) (any, bool) {
	a, ok := c.value(v.Node, v, scope{owner: "params." + p.Name, index: -1})
	if !ok {
		return nil, false
	}
	if a.Kind != Const {
		c.diags.Errorf(v.Range, "params are fixed before the run starts", "param %q: a value cannot read task results", p.Name)
		return nil, false
	}
	return a.Value, true
}

// convertParam turns a given value into type want ("" or any: as given).
func convertParam(v any, want value.Type) (any, error) {
	raw, isRaw := v.(RawParam)
	if !isRaw {
		v, err := value.Normalize(v)
		if err != nil {
			return nil, err
		}
		if want != "" && want != value.Any && !want.Accepts(v) {
			return nil, fmt.Errorf("expected %s, got %s", want, value.TypeOf(v))
		}
		return v, nil
	}
	return parseRaw(string(raw), want)
}

// parseRaw parses command-line text as type want.
func parseRaw(s string, want value.Type) (any, error) {
	switch want {
	case value.Int:
		n, err := strconv.ParseInt(strings.TrimSpace(s), 10, 64)
		if errors.Is(err, strconv.ErrRange) {
			return nil, fmt.Errorf("the integer %s is past the range of a 64-bit integer (±%d)", s, int64(math.MaxInt64))
		}
		if err != nil {
			return nil, fmt.Errorf("expected an integer, got %q", s)
		}
		return n, nil
	case value.Float, value.Number:
		if n, err := strconv.ParseInt(strings.TrimSpace(s), 10, 64); err == nil && want == value.Number {
			return n, nil
		}
		f, err := strconv.ParseFloat(strings.TrimSpace(s), 64)
		if errors.Is(err, strconv.ErrRange) && math.IsInf(f, 0) {
			return nil, fmt.Errorf("the number %s is past the range of a float64 (about ±1.8e308)", s)
		}
		if err != nil {
			return nil, fmt.Errorf("expected a number, got %q", s)
		}
		return f, nil
	case value.Bool:
		b, err := strconv.ParseBool(strings.TrimSpace(s))
		if err != nil {
			return nil, fmt.Errorf("expected true or false, got %q", s)
		}
		return b, nil
	case value.List, value.Map:
		return parseJSON(s, want)
	case value.String, "":
		return s, nil
	}
	return guessRaw(s), nil
}

// parseJSON reads a list or map parameter written as JSON.
func parseJSON(s string, want value.Type) (any, error) {
	var v any
	if err := json.Unmarshal([]byte(s), &v); err != nil {
		return nil, fmt.Errorf("expected a JSON %s, got %q", want, s)
	}
	v, err := value.Normalize(jsonNumbers(v))
	if err != nil {
		return nil, err
	}
	if !want.Accepts(v) {
		return nil, fmt.Errorf("expected a JSON %s, got %s", want, value.TypeOf(v))
	}
	return v, nil
}

// guessRaw types an untyped parameter the way YAML would type the same text.
func guessRaw(s string) any {
	if n, err := strconv.ParseInt(s, 10, 64); err == nil {
		return n
	}
	if f, err := strconv.ParseFloat(s, 64); err == nil {
		return f
	}
	if b, err := strconv.ParseBool(s); err == nil {
		return b
	}
	return s
}

// jsonNumbers turns JSON's float64 integers back into int64.
func jsonNumbers(v any) any {
	switch x := v.(type) {
	case float64:
		if x == float64(int64(x)) {
			return int64(x)
		}
	case []any:
		for i := range x {
			x[i] = jsonNumbers(x[i])
		}
	case map[string]any:
		for k := range x {
			x[k] = jsonNumbers(x[k])
		}
	}
	return v
}
