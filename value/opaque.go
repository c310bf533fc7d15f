package value

import (
	"encoding/json"
	"fmt"
)

// Opaque is a Python object that is not plain data (a class instance, a
// DataFrame), produced by a py: operator and read only by another: it
// holds the object's pickle and its Python type for messages. Built-in
// operators and flow outputs refuse it (OpaqueError).
type Opaque struct {
	Type   string // the Python type, e.g. "pandas.core.frame.DataFrame"
	Pickle []byte
}

// String renders the object as flowspec prints it: <python object TYPE>.
func (o Opaque) String() string { return "<python object " + o.Type + ">" }

// MarshalJSON writes the object as its rendering: its pickle is not data.
func (o Opaque) MarshalJSON() ([]byte, error) { return json.Marshal(o.String()) }

// OpaqueError is the error for a Python object where plain data is needed:
// what reads it (an argument, an output) and its Python type, with the fix.
func OpaqueError(what string, o Opaque) error {
	return fmt.Errorf("%s is a Python object of type %s, which only py: functions can read; return plain data (None, bool, int, float, str, list, dict) from the function that makes it", what, o.Type)
}

// FindOpaque returns the first Python object in v (itself or inside its
// lists and maps).
func FindOpaque(v any) (Opaque, bool) {
	switch v := v.(type) {
	case Opaque:
		return v, true
	case []any:
		for _, e := range v {
			if o, ok := FindOpaque(e); ok {
				return o, true
			}
		}
	case map[string]any:
		for _, e := range v {
			if o, ok := FindOpaque(e); ok {
				return o, true
			}
		}
	}
	return Opaque{}, false
}
