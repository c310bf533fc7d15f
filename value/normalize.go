package value

import (
	"fmt"
	"math"
	"reflect"
)

// Normalize converts a value produced by Go code (an expr-lang result, a
// plugin's decoded reply) to a runtime value: int64, float64, string, bool,
// nil, []any or map[string]any. Other ints and floats widen ([]int becomes
// []any of int64), maps need string keys, and anything else (functions,
// times, channels) is an error naming its Go type.
func Normalize(v any) (any, error) {
	switch v := v.(type) { // the common cases, without reflection
	case nil, int64, float64, string, bool, Opaque:
		return v, nil
	case int:
		return int64(v), nil
	case []any:
		if v == nil {
			return []any{}, nil
		}
		return normalizeList(v)
	case map[string]any:
		return normalizeMap(v)
	}
	return normalizeReflect(reflect.ValueOf(v))
}

func normalizeList(l []any) (any, error) {
	for i, e := range l {
		n, err := Normalize(e)
		if err != nil {
			return nil, err
		}
		if !sameValue(n, e) {
			return copyList(l, i, n)
		}
	}
	return l, nil
}

// copyList copies l from element i on, whose normalized form is n, leaving
// the caller's list untouched.
func copyList(l []any, i int, n any) (any, error) {
	out := make([]any, len(l))
	copy(out, l[:i])
	out[i] = n
	for j := i + 1; j < len(l); j++ {
		var err error
		if out[j], err = Normalize(l[j]); err != nil {
			return nil, err
		}
	}
	return out, nil
}

func normalizeMap(m map[string]any) (any, error) {
	var out map[string]any
	for k, e := range m {
		n, err := Normalize(e)
		if err != nil {
			return nil, err
		}
		if out == nil && !sameValue(n, e) {
			out = make(map[string]any, len(m))
			for k2, e2 := range m {
				out[k2] = e2
			}
		}
		if out != nil {
			out[k] = n
		}
	}
	if out == nil {
		return m, nil
	}
	return out, nil
}

// sameValue reports whether normalizing e left it as it was (scalars of a
// runtime type, or containers normalized in place).
func sameValue(n, e any) bool {
	switch e.(type) {
	case nil, int64, float64, string, bool:
		return true
	case []any:
		nl, ok := n.([]any)
		el := e.([]any)
		return ok && len(nl) == len(el) && (len(el) == 0 || &nl[0] == &el[0])
	case map[string]any:
		return reflect.ValueOf(n).Pointer() == reflect.ValueOf(e).Pointer()
	}
	return false
}

func normalizeReflect(rv reflect.Value) (any, error) {
	switch rv.Kind() {
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
		return rv.Int(), nil
	case reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64, reflect.Uintptr:
		if rv.Uint() > math.MaxInt64 {
			return nil, fmt.Errorf("integer %d is out of the int64 range", rv.Uint())
		}
		return int64(rv.Uint()), nil
	case reflect.Float32, reflect.Float64:
		return rv.Float(), nil
	case reflect.String:
		return rv.String(), nil
	case reflect.Bool:
		return rv.Bool(), nil
	case reflect.Slice, reflect.Array:
		return normalizeSlice(rv)
	case reflect.Map:
		return normalizeReflectMap(rv)
	case reflect.Pointer, reflect.Interface:
		if rv.IsNil() {
			return nil, nil
		}
		return Normalize(rv.Elem().Interface())
	}
	return nil, fmt.Errorf("a value of Go type %s is not a flowspec value (int, float, string, bool, null, list or map)", rv.Type())
}

func normalizeSlice(rv reflect.Value) (any, error) {
	if rv.Kind() == reflect.Slice && rv.IsNil() {
		return []any{}, nil
	}
	out := make([]any, rv.Len())
	for i := range out {
		var err error
		if out[i], err = Normalize(rv.Index(i).Interface()); err != nil {
			return nil, err
		}
	}
	return out, nil
}

func normalizeReflectMap(rv reflect.Value) (any, error) {
	if rv.Type().Key().Kind() != reflect.String {
		return nil, fmt.Errorf("a map with %s keys is not a flowspec value; map keys must be strings", rv.Type().Key())
	}
	out := make(map[string]any, rv.Len())
	it := rv.MapRange()
	for it.Next() {
		n, err := Normalize(it.Value().Interface())
		if err != nil {
			return nil, err
		}
		out[it.Key().String()] = n
	}
	return out, nil
}
