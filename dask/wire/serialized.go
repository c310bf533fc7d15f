package wire

import (
	"bytes"
	"errors"
	"fmt"
	"strings"
)

// Value decodes s into a flowspec runtime value (see ToRuntime).
func (s *Serialized) Value() (any, error) {
	obj, err := s.Object()
	if err != nil {
		return nil, err
	}
	return ToRuntime(obj)
}

// Object decodes s into inert Python values (see Unpickle), following the
// sub-header: compression, frames split for size, collections serialized
// element by element, and the pickle, msgpack, dask (bytes only) and error
// families.
func (s *Serialized) Object() (any, error) {
	frames, err := s.mergedFrames()
	if err != nil {
		return nil, err
	}
	return deserialize(s.Header, frames, 0)
}

// Bytes returns the payload of a Serialized bytes object (the dask family
// with type bytes), which is how Dask wraps an already pickled exception or
// traceback.
func (s *Serialized) Bytes() ([]byte, error) {
	frames, err := s.mergedFrames()
	if err != nil {
		return nil, err
	}
	if fam, _ := s.Header["serializer"].(string); fam != "dask" {
		return nil, fmt.Errorf("want serialized bytes, got the %q family", fam)
	}
	if t, _ := s.Header["type"].(string); t != "bytes" && t != "builtins.bytes" {
		return nil, fmt.Errorf("want serialized bytes, got a %q", t)
	}
	return bytes.Join(frames, nil), nil
}

// mergedFrames decompresses the frames and joins those Dask split for size.
func (s *Serialized) mergedFrames() ([][]byte, error) {
	frames, err := decompressFrames(s.Header, s.Frames)
	if err != nil {
		return nil, err
	}
	counts, ok := s.Header["split-num-sub-frames"].([]any)
	if !ok {
		return frames, nil
	}
	offsets, _ := s.Header["split-offsets"].([]any)
	if len(offsets) != len(counts) {
		return nil, errors.New("split-offsets and split-num-sub-frames differ in length")
	}
	merged := make([][]byte, len(counts))
	for i := range counts {
		n, _ := counts[i].(int64)
		off, _ := offsets[i].(int64)
		if off < 0 || n < 0 || int(off+n) > len(frames) {
			return nil, fmt.Errorf("split frame %d is out of range", i)
		}
		merged[i] = bytes.Join(frames[off:off+n], nil)
	}
	return merged, nil
}

// deserialize mirrors distributed.protocol.serialize.deserialize.
func deserialize(header map[string]any, frames [][]byte, depth int) (any, error) {
	if depth > maxDepth {
		return nil, fmt.Errorf("collection nests more than %d deep", maxDepth)
	}
	if _, ok := header["is-collection"]; ok {
		return deserializeCollection(header, frames, depth)
	}
	family, _ := header["serializer"].(string)
	switch family {
	case "pickle":
		if len(frames) == 0 {
			return nil, errors.New("pickle family without frames")
		}
		return Unpickle(frames[0], frames[1:]...)
	case "msgpack":
		return DecodeMsgpack(bytes.Join(frames, nil))
	case "dask":
		return deserializeDask(header, frames)
	case "error":
		return nil, serializationError(frames)
	}
	return nil, fmt.Errorf("unknown serializer family %q", family)
}

// deserializeDask handles the one dask-family type flowspec meets: bytes.
func deserializeDask(header map[string]any, frames [][]byte) (any, error) {
	t, _ := header["type"].(string)
	if t == "bytes" || t == "builtins.bytes" {
		return bytes.Join(frames, nil), nil
	}
	return nil, fmt.Errorf("a Python %s is not a plain value (it travels with Dask's own serializer)", t)
}

// serializationError turns an "error" family payload (the worker could not
// serialize a value) into an error carrying the worker's text.
func serializationError(frames [][]byte) error {
	parts := make([]string, len(frames))
	for i, f := range frames {
		parts[i] = string(f)
	}
	return fmt.Errorf("the worker could not serialize the value: %s", strings.Join(parts, "\n"))
}

func deserializeCollection(header map[string]any, frames [][]byte, depth int) (any, error) {
	subs, _ := header["sub-headers"].([]any)
	lengths, _ := header["frame-lengths"].([]any)
	if len(subs) != len(lengths) {
		return nil, errors.New("collection sub-headers and frame-lengths differ in length")
	}
	kind, _ := header["type-serialized"].(string)
	items := make([]any, len(subs))
	keys := make([]any, len(subs))
	start := 0
	for i := range subs {
		h, ok := subs[i].(map[string]any)
		n, _ := lengths[i].(int64)
		if !ok || n < 0 || start+int(n) > len(frames) {
			return nil, fmt.Errorf("collection element %d is malformed", i)
		}
		keys[i] = h["key"]
		v, err := deserialize(h, frames[start:start+int(n)], depth+1)
		if err != nil {
			return nil, fmt.Errorf("element %d: %w", i, err)
		}
		items[i] = v
		start += int(n)
	}
	switch kind {
	case "tuple":
		return Tuple(items), nil
	case "list":
		return &List{Items: items}, nil
	case "set":
		return &Set{Items: items}, nil
	case "dict":
		return &Dict{Keys: keys, Values: items}, nil
	}
	return nil, fmt.Errorf("unknown collection type %q", kind)
}

// Object decodes the pickle inside p.
func (p *Pickled) Object() (any, error) {
	frames, err := decompressFrames(p.Header, p.Frames)
	if err != nil {
		return nil, err
	}
	obj, ok := p.Header["pickled-obj"].([]byte)
	if !ok {
		return nil, errors.New("__Pickled__ sub-header without pickled-obj bytes")
	}
	return Unpickle(obj, frames...)
}

// Value decodes p into a flowspec runtime value.
func (p *Pickled) Value() (any, error) {
	obj, err := p.Object()
	if err != nil {
		return nil, err
	}
	return ToRuntime(obj)
}
