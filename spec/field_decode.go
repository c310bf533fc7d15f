package spec

import "go.yaml.in/yaml/v3"

// reader reads one value of a field; ok is false when the node holds no
// usable value (the schema or the reader has said why), so nothing is stored.
type reader[V any] func(d *decoder, n *yaml.Node) (v V, ok bool)

// into binds a reader to the place get finds in the struct a field decodes
// into (T): the decode func of a table entry. A value of another type than
// *T is a bug in the table and panics at the first decode of that field.
func into[T, V any](get func(*T) *V, read reader[V]) decodeFunc {
	return func(d *decoder, n *yaml.Node, dst any) {
		if v, ok := read(d, n); ok {
			*get(dst.(*T)) = v
		}
	}
}

// always makes a reader of a decoder method that always yields a value.
func always[V any](read func(*decoder, *yaml.Node) V) reader[V] {
	return func(d *decoder, n *yaml.Node) (V, bool) { return read(d, n), true }
}

// ptr turns a reader of V into one of *V, for options where nil means
// "not set here".
func ptr[V any](read reader[V]) reader[*V] {
	return func(d *decoder, n *yaml.Node) (*V, bool) {
		v, ok := read(d, n)
		return &v, ok
	}
}

// within keeps a number only when it is between min and max (the schema
// reported others).
func within[V int | float64](read reader[V], min, max V) reader[V] {
	return func(d *decoder, n *yaml.Node) (V, bool) {
		v, ok := read(d, n)
		return v, ok && v >= min && v <= max
	}
}

var (
	readText  = always((*decoder).text)
	readArgs  = always((*decoder).args)
	readInt   = reader[int]((*decoder).int)
	readFloat = reader[float64]((*decoder).float)
	readBool  = reader[bool]((*decoder).bool)
)

// readDuration reads a duration (see decoder.duration).
func readDuration(d *decoder, n *yaml.Node) (*Duration, bool) {
	v := d.duration(n)
	return v, v != nil
}

// readValue keeps a value unevaluated.
func readValue(d *decoder, n *yaml.Node) (Value, bool) { return ValueOf(d.file, n), true }

// readPresent keeps a value unevaluated unless it is null (absent).
func readPresent(d *decoder, n *yaml.Node) (Value, bool) { return ValueOf(d.file, n), !isNull(n) }

// readNames reads a name or a list of names as plain strings (workers:).
func readNames(d *decoder, n *yaml.Node) ([]string, bool) {
	var out []string
	for _, s := range d.names(n) {
		out = append(out, s.Value)
	}
	return out, true
}

// readRefs reads a name or a list of names with their positions (after:).
func readRefs(d *decoder, n *yaml.Node) ([]Ref, bool) {
	var out []Ref
	for _, s := range d.names(n) {
		out = append(out, Ref{Name: s.Value, Range: RangeOf(d.file, s)})
	}
	return out, true
}

// readMapping decodes a mapping of f's children into a new V.
func readMapping[V any](f *Field) reader[V] {
	return func(d *decoder, n *yaml.Node) (V, bool) {
		var v V
		f.decodeMapping(d, n, &v)
		return v, true
	}
}

// block makes f, a mapping with named children, decode into a new T that
// start makes (with its position) and that get stores in the parent P.
func block[P, T any](f *Field, get func(*P) **T, start func(d *decoder, n *yaml.Node) *T) *Field {
	f.decode = func(d *decoder, n *yaml.Node, dst any) {
		v := start(d, n)
		f.decodeMapping(d, n, v)
		*get(dst.(*P)) = v
	}
	return f
}
