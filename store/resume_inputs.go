package store

import "github.com/flowspec/flowspec/value"

// storable is the values of m that the store can keep: a Python object
// (value.Opaque) cannot be stored, and the resume that would have read it
// runs its task again, which needs no error on the run that ended.
func storable(m map[int32]any) map[int32]any {
	out := make(map[int32]any, len(m))
	for i, v := range m {
		if _, opaque := value.FindOpaque(v); !opaque {
			out[i] = v
		}
	}
	return out
}
