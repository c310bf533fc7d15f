package spec

import (
	"bytes"
	"encoding/json"
)

// jsonObject is a JSON object that keeps its keys in the order they were
// added, so the generated schema reads like a hand-written one.
type jsonObject []jsonMember

// jsonMember is one key and value of a jsonObject.
type jsonMember struct {
	Key   string
	Value any
}

// add appends a member.
func (o *jsonObject) add(key string, v any) { *o = append(*o, jsonMember{key, v}) }

// addString appends a string member unless it is empty.
func (o *jsonObject) addString(key, v string) {
	if v != "" {
		o.add(key, v)
	}
}

// MarshalJSON writes the members in order, without HTML escapes.
func (o jsonObject) MarshalJSON() ([]byte, error) {
	var buf bytes.Buffer
	buf.WriteByte('{')
	for i, m := range o {
		if i > 0 {
			buf.WriteByte(',')
		}
		if err := encodeTo(&buf, m.Key); err != nil {
			return nil, err
		}
		buf.WriteByte(':')
		if err := encodeTo(&buf, m.Value); err != nil {
			return nil, err
		}
	}
	buf.WriteByte('}')
	return buf.Bytes(), nil
}

// encodeTo writes v as compact JSON without HTML escapes.
func encodeTo(buf *bytes.Buffer, v any) error {
	enc := json.NewEncoder(buf)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(v); err != nil {
		return err
	}
	buf.Truncate(buf.Len() - 1) // Encode's newline
	return nil
}
