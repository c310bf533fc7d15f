package wire

import (
	"fmt"
	"math/big"
	"sort"
	"strings"
)

// ToRuntime converts a decoded Python value into a flowspec runtime value:
// int64, float64, string, bool, nil, []any or map[string]any. bytes become
// strings; tuples, lists and sets become []any (sets sorted when their
// elements are all numbers or all strings, so results are stable); dicts
// need string keys. Anything else (an integer beyond 64 bits, an arbitrary
// Python object) is an error that names the value's type.
func ToRuntime(v any) (any, error) { return toRuntime(v, 0) }

func toRuntime(v any, depth int) (any, error) {
	if depth > maxDepth {
		return nil, fmt.Errorf("value nests more than %d deep (or refers to itself)", maxDepth)
	}
	switch x := v.(type) {
	case nil, bool, int64, float64, string:
		return x, nil
	case uint64:
		return nil, fmt.Errorf("integer %d does not fit in a 64-bit signed integer", x)
	case *big.Int:
		return nil, fmt.Errorf("integer %s does not fit in a 64-bit signed integer; return it as a float or a string", x)
	case []byte:
		return string(x), nil
	case Tuple:
		return sliceToRuntime(x, depth)
	case []any:
		return sliceToRuntime(x, depth)
	case *List:
		return sliceToRuntime(x.Items, depth)
	case *Set:
		return setToRuntime(x, depth)
	case *Dict:
		return dictToRuntime(x.Keys, x.Values, depth)
	case map[string]any:
		return mapToRuntime(x, depth)
	case map[any]any:
		keys, vals := make([]any, 0, len(x)), make([]any, 0, len(x))
		for k, v := range x {
			keys, vals = append(keys, k), append(vals, v)
		}
		return dictToRuntime(keys, vals, depth)
	case Key:
		return toRuntime(x.Value(), depth+1)
	case *Object:
		return objectToRuntime(x, depth)
	}
	return nil, &NotPlainError{Value: v, name: describe(v)}
}

func sliceToRuntime(items []any, depth int) ([]any, error) {
	out := make([]any, len(items))
	for i, it := range items {
		v, err := toRuntime(it, depth+1)
		if err != nil {
			return nil, err
		}
		out[i] = v
	}
	return out, nil
}

func setToRuntime(s *Set, depth int) ([]any, error) {
	out, err := sliceToRuntime(s.Items, depth)
	if err != nil {
		return nil, err
	}
	sortPlain(out)
	return out, nil
}

// sortPlain sorts a slice of numbers or of strings; mixed slices stay as
// they are.
func sortPlain(xs []any) {
	allNum, allStr := true, true
	for _, x := range xs {
		switch x.(type) {
		case int64, float64:
			allStr = false
		case string:
			allNum = false
		default:
			return
		}
	}
	switch {
	case allStr:
		sort.Slice(xs, func(i, j int) bool { return xs[i].(string) < xs[j].(string) })
	case allNum:
		sort.Slice(xs, func(i, j int) bool { return asFloat(xs[i]) < asFloat(xs[j]) })
	}
}

func asFloat(v any) float64 {
	if i, ok := v.(int64); ok {
		return float64(i)
	}
	return v.(float64)
}

func dictToRuntime(keys, vals []any, depth int) (map[string]any, error) {
	out := make(map[string]any, len(keys))
	for i, k := range keys {
		ks, ok := k.(string)
		if !ok {
			return nil, fmt.Errorf("a dict with a %s key is not a plain value: flowspec dicts have str keys", describe(k))
		}
		v, err := toRuntime(vals[i], depth+1)
		if err != nil {
			return nil, fmt.Errorf("dict value %s: %w", PyRepr(ks), err)
		}
		out[ks] = v
	}
	return out, nil
}

func mapToRuntime(m map[string]any, depth int) (map[string]any, error) {
	out := make(map[string]any, len(m))
	for k, v := range m {
		rv, err := toRuntime(v, depth+1)
		if err != nil {
			return nil, err
		}
		out[k] = rv
	}
	return out, nil
}

// objectToRuntime accepts the few reconstructed objects that are plain
// values in disguise: OrderedDict and defaultdict become maps, and
// builtins.set/frozenset calls (protocol 2 and older) become lists.
func objectToRuntime(o *Object, depth int) (any, error) {
	g, _ := o.Class()
	switch g.String() {
	case "collections.OrderedDict", "collections.defaultdict":
		if o.DictItems == nil {
			return map[string]any{}, nil
		}
		return dictToRuntime(o.DictItems.Keys, o.DictItems.Values, depth)
	case "builtins.set", "builtins.frozenset", "__builtin__.set", "__builtin__.frozenset":
		if len(o.Args) == 1 {
			if l, ok := o.Args[0].(*List); ok {
				return setToRuntime(&Set{Items: l.Items}, depth)
			}
		}
		if len(o.Args) == 0 {
			return []any{}, nil
		}
	case "_codecs.encode":
		// bytes in protocols 0-2: _codecs.encode(latin-1 text, "latin1")
		if len(o.Args) == 2 && o.Args[1] == "latin1" {
			if text, ok := o.Args[0].(string); ok {
				return latin1(text)
			}
		}
	}
	name := describe(o)
	if strings.HasPrefix(g.Module, "numpy") {
		name += " (convert numpy values with .item() or .tolist() in the task)"
	}
	return nil, &NotPlainError{Value: o, name: name}
}

// NotPlainError is the error for a Python value that is not plain data (a
// class instance, a DataFrame); Value is what the unpickler made of it.
type NotPlainError struct {
	Value any
	name  string
}

func (e *NotPlainError) Error() string {
	return fmt.Sprintf("a Python %s is not a plain value (int, float, str, bytes, bool, None, list, tuple, dict or set)", e.name)
}

// latin1 encodes text (code points up to 255) as bytes, in a string.
func latin1(text string) (any, error) {
	b := make([]byte, 0, len(text))
	for _, r := range text {
		if r > 0xff {
			return nil, fmt.Errorf("bytes in an old pickle hold a character beyond latin-1")
		}
		b = append(b, byte(r))
	}
	return string(b), nil
}
