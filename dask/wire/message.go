package wire

import (
	"fmt"
)

// Serialized is a value that travels outside the msgpack header: frame 0
// holds {"__Serialized__": i}, frame i a msgpack sub-header naming the
// serializer family, and the next num-sub-frames frames its payload.
// Decoded messages keep it as is; Value, Bytes and Object decode it on
// demand.
type Serialized struct {
	Header map[string]any
	Frames [][]byte
}

// Pickled is the same for {"__Pickled__": i}: the sub-header holds the
// pickle itself ("pickled-obj") and the frames are its out-of-band buffers.
type Pickled struct {
	Header map[string]any
	Frames [][]byte
}

// SerializedPickle wraps a pickle as the Serialized value Dask's
// serialize(obj, serializers=["pickle"]) would produce: header
// {serializer: pickle, writeable: []} and one frame.
func SerializedPickle(pickle []byte) *Serialized {
	return &Serialized{
		Header: map[string]any{"serializer": "pickle", "writeable": []any{}},
		Frames: [][]byte{pickle},
	}
}

// Dumps encodes msg into the frames of one Dask message. msg is made of
// map[string]any, []any, scalars, Keys, *Set, *Serialized and *Pickled;
// the last two become placeholders in frame 0 with their sub-header and
// frames appended after it, as distributed.protocol.dumps does.
func Dumps(msg any) ([][]byte, error) {
	frames := [][]byte{nil}
	header, err := placeholders(msg, &frames, 0)
	if err != nil {
		return nil, err
	}
	if frames[0], err = EncodeMsgpack(header); err != nil {
		return nil, err
	}
	return frames, nil
}

// placeholders returns a copy of v with Serialized and Pickled values
// replaced by references to the frames it appends.
func placeholders(v any, frames *[][]byte, depth int) (any, error) {
	if depth > maxDepth {
		return nil, fmt.Errorf("message nests more than %d deep", maxDepth)
	}
	switch x := v.(type) {
	case *Serialized:
		return appendSub(frames, "__Serialized__", x.Header, x.Frames)
	case *Pickled:
		return appendSub(frames, "__Pickled__", x.Header, x.Frames)
	case map[string]any:
		out := make(map[string]any, len(x))
		for k, e := range x {
			r, err := placeholders(e, frames, depth+1)
			if err != nil {
				return nil, err
			}
			out[k] = r
		}
		return out, nil
	case []any:
		out := make([]any, len(x))
		for i, e := range x {
			r, err := placeholders(e, frames, depth+1)
			if err != nil {
				return nil, err
			}
			out[i] = r
		}
		return out, nil
	}
	return v, nil
}

func appendSub(frames *[][]byte, tag string, header map[string]any, sub [][]byte) (any, error) {
	h := make(map[string]any, len(header)+1)
	for k, v := range header {
		h[k] = v
	}
	h["num-sub-frames"] = len(sub)
	enc, err := EncodeMsgpack(h)
	if err != nil {
		return nil, err
	}
	offset := len(*frames)
	*frames = append(*frames, enc)
	*frames = append(*frames, sub...)
	return map[string]any{tag: offset}, nil
}

// Loads decodes the frames of one Dask message. Placeholders become
// *Serialized and *Pickled values (not yet decoded) and {__Set__: true}
// maps become *Set.
func Loads(frames [][]byte) (any, error) {
	if len(frames) == 0 {
		return nil, &FramingError{"a message without frames"}
	}
	v, err := DecodeMsgpack(frames[0])
	if err != nil {
		return nil, err
	}
	return resolve(v, frames, 0)
}

// resolve replaces placeholder maps in v, depth first.
func resolve(v any, frames [][]byte, depth int) (any, error) {
	if depth > maxDepth {
		return nil, fmt.Errorf("message nests more than %d deep", maxDepth)
	}
	switch x := v.(type) {
	case map[string]any:
		if sub, ok, err := subValue(x, frames); ok || err != nil {
			return sub, err
		}
		for k, e := range x {
			r, err := resolve(e, frames, depth+1)
			if err != nil {
				return nil, err
			}
			x[k] = r
		}
		if set, ok := x["__Set__"].(bool); ok && set {
			items, _ := x["as-list"].([]any)
			return &Set{Items: items}, nil
		}
	case map[any]any:
		for k, e := range x {
			r, err := resolve(e, frames, depth+1)
			if err != nil {
				return nil, err
			}
			x[k] = r
		}
	case []any:
		for i, e := range x {
			r, err := resolve(e, frames, depth+1)
			if err != nil {
				return nil, err
			}
			x[i] = r
		}
	}
	return v, nil
}

// subValue decodes a {__Serialized__: i} or {__Pickled__: i} placeholder.
func subValue(m map[string]any, frames [][]byte) (any, bool, error) {
	for _, tag := range []string{"__Serialized__", "__Pickled__"} {
		off, ok := m[tag].(int64)
		if !ok || off <= 0 {
			continue
		}
		header, subs, err := subFrames(frames, int(off))
		if err != nil {
			return nil, true, fmt.Errorf("%s %d: %w", tag, off, err)
		}
		if tag == "__Pickled__" {
			return &Pickled{Header: header, Frames: subs}, true, nil
		}
		return &Serialized{Header: header, Frames: subs}, true, nil
	}
	return nil, false, nil
}

// subFrames reads the sub-header at frames[off] and slices its sub-frames.
func subFrames(frames [][]byte, off int) (map[string]any, [][]byte, error) {
	if off >= len(frames) {
		return nil, nil, fmt.Errorf("refers to frame %d of %d", off, len(frames))
	}
	hv, err := DecodeMsgpack(frames[off])
	if err != nil {
		return nil, nil, err
	}
	header, ok := hv.(map[string]any)
	if !ok {
		return nil, nil, fmt.Errorf("sub-header is a %T, not a map", hv)
	}
	n, _ := header["num-sub-frames"].(int64)
	if n < 0 || int(n) > len(frames)-off-1 {
		return nil, nil, fmt.Errorf("sub-header wants %d frames, %d remain", n, len(frames)-off-1)
	}
	return header, frames[off+1 : off+1+int(n)], nil
}
