package spec

import (
	"strconv"
	"strings"
)

// rawSchema is the schema file as plain JSON values, read to word validator
// errors: the allowed fields of an object, the values of an enum, the types a
// branch of anyOf accepts.
type rawSchema struct {
	root any
}

// at returns the subschema an absolute keyword location names
// (https://...#/$defs/task/properties/op), or nil.
func (s rawSchema) at(loc string) any {
	_, frag, _ := strings.Cut(loc, "#")
	var cur any = s.root
	for _, tok := range splitPointer(frag) {
		switch c := cur.(type) {
		case map[string]any:
			cur = c[tok]
		case []any:
			i, err := strconv.Atoi(tok)
			if err != nil || i < 0 || i >= len(c) {
				return nil
			}
			cur = c[i]
		default:
			return nil
		}
	}
	return cur
}

// obj returns a subschema as a JSON object, or nil.
func (s rawSchema) obj(v any) map[string]any {
	m, _ := v.(map[string]any)
	return m
}

// ref returns the schema m's $ref points at, or nil.
func (s rawSchema) ref(m map[string]any) map[string]any {
	r, ok := m["$ref"].(string)
	if !ok {
		return nil
	}
	return s.obj(s.at(r))
}

// properties lists the field names m (with its $ref and anyOf branches) allows.
func (s rawSchema) properties(m map[string]any) []string {
	var names []string
	if props, ok := m["properties"].(map[string]any); ok {
		for k := range props {
			names = append(names, k)
		}
	}
	if r := s.ref(m); r != nil {
		names = append(names, s.properties(r)...)
	}
	for _, b := range s.branches(m) {
		names = append(names, s.properties(b)...)
	}
	return names
}

// branches returns m's anyOf alternatives.
func (s rawSchema) branches(m map[string]any) []map[string]any {
	list, _ := m["anyOf"].([]any)
	out := make([]map[string]any, 0, len(list))
	for _, b := range list {
		if bm := s.obj(b); bm != nil {
			out = append(out, bm)
		}
	}
	return out
}

// types lists the kinds m accepts (from type, enum, $ref and anyOf); nil
// means any.
func (s rawSchema) types(m map[string]any) []Kind {
	var out []Kind
	switch t := m["type"].(type) {
	case string:
		return []Kind{Kind(t)}
	case []any:
		for _, x := range t {
			if str, ok := x.(string); ok {
				out = append(out, Kind(str))
			}
		}
		return out
	}
	if enum, ok := m["enum"].([]any); ok {
		for _, v := range enum {
			out = append(out, Kind(jsonTypeOf(v)))
		}
		return out
	}
	if r := s.ref(m); r != nil {
		return s.types(r)
	}
	for _, b := range s.branches(m) {
		bt := s.types(b)
		if bt == nil {
			return nil
		}
		out = append(out, bt...)
	}
	return out
}

// accepts reports whether m's types admit v.
func (s rawSchema) accepts(m map[string]any, v any) bool {
	ts := s.types(m)
	if ts == nil {
		return true
	}
	vt := Kind(jsonTypeOf(v))
	for _, t := range ts {
		if t == vt || t == KindNumber && vt == KindInt || t == KindInt && vt == KindNumber && isIntegral(v) {
			return true
		}
	}
	return false
}

// stringList returns the strings listed at m[key] (enum values, required names).
func stringList(m map[string]any, key string) []string {
	list, _ := m[key].([]any)
	var out []string
	for _, v := range list {
		if s, ok := v.(string); ok {
			out = append(out, s)
		}
	}
	return out
}
