// Package value is flowspec's value model: the runtime values every
// operator, expression and executor exchanges (int64, float64, string,
// bool, nil, []any, map[string]any), their static types, and what they
// mean with Python's semantics, so the Go and Python sides of a flow agree:
// normalization of Go values, identity and ordering, checked arithmetic,
// and rendering as Python prints.
package value

// Type is the static type of an operator parameter or result, as written in
// `flowspec ops` and checked by the compiler where a value is known.
type Type string

// Types. Number accepts int or float; Any accepts everything.
const (
	Any    Type = "any"
	Int    Type = "int"
	Float  Type = "float"
	Number Type = "number"
	String Type = "string"
	Bool   Type = "bool"
	List   Type = "list"
	Map    Type = "map"
)

// Accepts reports whether v (a runtime value) has type t.
func (t Type) Accepts(v any) bool {
	switch v.(type) {
	case int64:
		return t == Any || t == Int || t == Number || t == Float
	case float64:
		return t == Any || t == Float || t == Number
	case string:
		return t == Any || t == String
	case bool:
		return t == Any || t == Bool
	case []any:
		return t == Any || t == List
	case map[string]any:
		return t == Any || t == Map
	case nil:
		return t == Any
	}
	return false
}

// TypeOf names the type of a runtime value, for error messages.
func TypeOf(v any) Type {
	switch v.(type) {
	case int64:
		return Int
	case float64:
		return Float
	case string:
		return String
	case bool:
		return Bool
	case []any:
		return List
	case map[string]any:
		return Map
	case nil:
		return "null"
	}
	return Any
}

// Noun names the type with its article, as messages say it: "a number",
// "an int".
func (t Type) Noun() string {
	switch t {
	case Int:
		return "an int"
	case Any:
		return "any value"
	}
	return "a " + string(t)
}

// IsNumber reports whether v is an int64 or a float64.
func IsNumber(v any) bool {
	switch v.(type) {
	case int64, float64:
		return true
	}
	return false
}
