package wire

import (
	"bytes"
	"compress/zlib"
	"encoding/binary"
	"fmt"
	"io"

	"github.com/pierrec/lz4/v4"
)

// decompressFrames undoes per-frame compression named in a sub-header's
// "compression" list (nil entries are uncompressed). Our handshake asks for
// none, but a scheduler forwards worker data as the worker compressed it, so
// results may arrive compressed with whatever the cluster is configured for.
func decompressFrames(header map[string]any, frames [][]byte) ([][]byte, error) {
	names, ok := header["compression"].([]any)
	if !ok {
		return frames, nil
	}
	out := make([][]byte, len(frames))
	for i, f := range frames {
		name := ""
		if i < len(names) {
			name, _ = names[i].(string)
		}
		d, err := decompress(name, f)
		if err != nil {
			return nil, fmt.Errorf("frame %d: %w", i, err)
		}
		out[i] = d
	}
	return out, nil
}

// decompress undoes one compression. lz4 is Python lz4.block's format: a
// 4-byte little-endian uncompressed size, then one raw LZ4 block. zlib is
// Python's zlib.compress.
func decompress(name string, frame []byte) ([]byte, error) {
	switch name {
	case "":
		return frame, nil
	case "lz4":
		return lz4Block(frame)
	case "zlib":
		r, err := zlib.NewReader(bytes.NewReader(frame))
		if err != nil {
			return nil, fmt.Errorf("zlib: %w", err)
		}
		return io.ReadAll(io.LimitReader(r, MaxMessageBytes))
	}
	return nil, fmt.Errorf("the cluster compressed data with %q, which flowspec cannot read: "+
		"set distributed.comm.compression to lz4, zlib or None on the workers", name)
}

func lz4Block(frame []byte) ([]byte, error) {
	if len(frame) < 4 {
		return nil, fmt.Errorf("lz4: frame of %d bytes has no size prefix", len(frame))
	}
	size := binary.LittleEndian.Uint32(frame)
	if size > MaxMessageBytes/4 || uint64(size) > 255*uint64(len(frame)) {
		return nil, fmt.Errorf("lz4: implausible size %d for %d compressed bytes", size, len(frame))
	}
	out := make([]byte, size)
	n, err := lz4.UncompressBlock(frame[4:], out)
	if err != nil {
		return nil, fmt.Errorf("lz4: %w", err)
	}
	if n != int(size) {
		return nil, fmt.Errorf("lz4: got %d bytes, the prefix said %d", n, size)
	}
	return out, nil
}
