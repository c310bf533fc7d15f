package wire

import (
	"fmt"

	"github.com/vmihailenco/msgpack/v5"
)

// The types below are what decoding a pickle (or a Dask set) produces. They
// describe Python values without running anything: a class reference stays a
// Global, and a reconstruction call stays an Object naming its callable.

// Tuple is a Python tuple.
type Tuple []any

// List is a Python list. It is a pointer type because a pickle may refer to
// the same list from several places before it is filled.
type List struct{ Items []any }

// Dict is a Python dict in insertion order. Its keys may be any decoded
// value, tuples included, which a Go map could not hold.
type Dict struct {
	Keys, Values []any
	index        map[string]int // position of each string key
}

// Set is a Python set or frozenset; on the Dask wire it travels as
// {__Set__: true, as-list: [...]}.
type Set struct {
	Items  []any
	Frozen bool
}

// Global is a reference to a module attribute, such as builtins.ZeroDivisionError.
type Global struct{ Module, Name string }

// String renders g as module.name.
func (g Global) String() string { return g.Module + "." + g.Name }

// Object is a Python object a pickle would build by calling Callable (a
// Global, usually) with Args and Kwargs, or with cls.__new__ when New is set,
// then setting State and appending ListItems and DictItems. Decoding never
// makes that call.
type Object struct {
	Callable  any
	Args      Tuple
	Kwargs    *Dict
	New       bool
	State     any
	ListItems []any
	DictItems *Dict
}

// Class returns the Global the object is built from, when it is one.
func (o *Object) Class() (Global, bool) {
	g, ok := o.Callable.(Global)
	return g, ok
}

// Get returns the value for a string key in d.
func (d *Dict) Get(key string) (any, bool) {
	if d == nil {
		return nil, false
	}
	if d.index == nil {
		d.reindex()
	}
	if i, ok := d.index[key]; ok {
		return d.Values[i], true
	}
	return nil, false
}

func (d *Dict) reindex() {
	d.index = make(map[string]int, len(d.Keys))
	for i, k := range d.Keys {
		if s, ok := k.(string); ok {
			d.index[s] = i
		}
	}
}

// set stores value under key, replacing an equal string key as Python
// would (other keys are appended: their equality is Python's business).
func (d *Dict) set(key, value any) {
	if d.index == nil {
		d.reindex()
	}
	if s, ok := key.(string); ok {
		if i, ok := d.index[s]; ok {
			d.Values[i] = value
			return
		}
		d.index[s] = len(d.Keys)
	}
	d.Keys = append(d.Keys, key)
	d.Values = append(d.Values, value)
}

// EncodeMsgpack writes s the way distributed's msgpack_encode_default does.
func (s *Set) EncodeMsgpack(enc *msgpack.Encoder) error {
	items := s.Items
	if items == nil {
		items = []any{}
	}
	return enc.Encode(map[string]any{"__Set__": true, "as-list": items})
}

// NewSet returns a Set of the given keys, the form update-graph wants for
// its "keys" field.
func NewSet(keys []Key) *Set {
	items := make([]any, len(keys))
	for i, k := range keys {
		items[i] = k
	}
	return &Set{Items: items}
}

// describe names a decoded value's Python type for error messages.
func describe(v any) string {
	switch x := v.(type) {
	case nil:
		return "None"
	case bool:
		return "bool"
	case int64:
		return "int"
	case float64:
		return "float"
	case string:
		return "str"
	case []byte:
		return "bytes"
	case Tuple:
		return "tuple"
	case *List, []any:
		return "list"
	case *Dict, map[string]any, map[any]any:
		return "dict"
	case *Set:
		return "set"
	case Global:
		return "reference to " + x.String()
	case *Object:
		if g, ok := x.Class(); ok {
			return g.String() + " object"
		}
		return "object"
	}
	return fmt.Sprintf("%T", v)
}
