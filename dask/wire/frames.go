package wire

import (
	"bytes"
	"encoding/binary"
	"fmt"
	"io"
)

// Limits that keep a garbled or hostile stream from making the reader
// allocate without bound. A real Dask message stays far below them.
const (
	// MaxFrames is the most frames one message may announce.
	MaxFrames = 1 << 20
	// MaxMessageBytes is the largest message the reader accepts (4 GiB).
	MaxMessageBytes = 1 << 32
)

// FramingError reports bytes on a connection that are not a Dask message.
// Clients use it to tell "this port does not speak Dask" from network errors.
type FramingError struct{ Reason string }

// Error describes what was wrong with the bytes.
func (e *FramingError) Error() string { return "not a Dask message: " + e.Reason }

// WriteFrames writes one message: an 8-byte little-endian count of the bytes
// that follow up to the end of the last frame, the prelude (frame count, then
// one length per frame, each a little-endian uint64), then the frames.
// Covering every frame with the leading count is valid for Dask's reader and
// never splits a frame.
func WriteFrames(w io.Writer, frames [][]byte) error {
	prelude := make([]byte, 8*(2+len(frames)))
	total := uint64(8 * (1 + len(frames)))
	binary.LittleEndian.PutUint64(prelude[8:], uint64(len(frames)))
	for i, f := range frames {
		binary.LittleEndian.PutUint64(prelude[16+8*i:], uint64(len(f)))
		total += uint64(len(f))
	}
	binary.LittleEndian.PutUint64(prelude, total)
	bufs := make([][]byte, 0, 1+len(frames))
	bufs = append(bufs, prelude)
	bufs = append(bufs, frames...)
	return writeAll(w, bufs)
}

// writeAll writes small messages with one call, large ones buffer by buffer.
func writeAll(w io.Writer, bufs [][]byte) error {
	n := 0
	for _, b := range bufs {
		n += len(b)
	}
	if n <= 1<<17 {
		joined := make([]byte, 0, n)
		for _, b := range bufs {
			joined = append(joined, b...)
		}
		_, err := w.Write(joined)
		return err
	}
	for _, b := range bufs {
		if _, err := w.Write(b); err != nil {
			return err
		}
	}
	return nil
}

// ReadFrames reads one message written by WriteFrames or by Dask. The
// leading count may cover only the prelude and the first frames; frames
// beyond it follow one after another, as distributed's TCP.read expects.
func ReadFrames(r io.Reader) ([][]byte, error) {
	var hdr [16]byte
	if _, err := io.ReadFull(r, hdr[:8]); err != nil {
		return nil, err
	}
	nosplit := binary.LittleEndian.Uint64(hdr[:8])
	if nosplit < 8 || nosplit > MaxMessageBytes {
		return nil, &FramingError{fmt.Sprintf("header announces %d bytes", nosplit)}
	}
	if _, err := io.ReadFull(r, hdr[8:]); err != nil {
		return nil, unexpectedEOF(err)
	}
	count := binary.LittleEndian.Uint64(hdr[8:])
	if count > MaxFrames || 8+8*count > nosplit {
		return nil, &FramingError{fmt.Sprintf("prelude announces %d frames in %d bytes", count, nosplit)}
	}
	lengths, err := readLengths(r, count)
	if err != nil {
		return nil, err
	}
	return readBodies(r, lengths, nosplit-8-8*count)
}

// readLengths reads the prelude's frame lengths and checks their sum.
func readLengths(r io.Reader, count uint64) ([]uint64, error) {
	raw := make([]byte, 8*count)
	if _, err := io.ReadFull(r, raw); err != nil {
		return nil, unexpectedEOF(err)
	}
	lengths := make([]uint64, count)
	var sum uint64
	for i := range lengths {
		lengths[i] = binary.LittleEndian.Uint64(raw[8*i:])
		sum += lengths[i]
		if lengths[i] > MaxMessageBytes || sum > MaxMessageBytes {
			return nil, &FramingError{fmt.Sprintf("frame %d announces %d bytes", i, lengths[i])}
		}
	}
	return lengths, nil
}

// readBodies reads the frames. inline is how many frame bytes the leading
// count covered; it must end on a frame boundary.
func readBodies(r io.Reader, lengths []uint64, inline uint64) ([][]byte, error) {
	frames := make([][]byte, len(lengths))
	var covered uint64
	for i, n := range lengths {
		if covered < inline && covered+n > inline {
			return nil, &FramingError{fmt.Sprintf("leading count splits frame %d", i)}
		}
		covered += n
		f, err := readFrame(r, n)
		if err != nil {
			return nil, err
		}
		frames[i] = f
	}
	if covered < inline {
		return nil, &FramingError{fmt.Sprintf("leading count covers %d bytes more than the frames", inline-covered)}
	}
	return frames, nil
}

// readFrame reads n bytes. Large frames grow as their bytes arrive, so a
// length announced by a broken peer costs no more memory than it sends.
func readFrame(r io.Reader, n uint64) ([]byte, error) {
	if n <= 1<<24 {
		f := make([]byte, n)
		if _, err := io.ReadFull(r, f); err != nil {
			return nil, unexpectedEOF(err)
		}
		return f, nil
	}
	var b bytes.Buffer
	if _, err := io.CopyN(&b, r, int64(n)); err != nil {
		return nil, unexpectedEOF(err)
	}
	return b.Bytes(), nil
}

// unexpectedEOF turns a clean EOF inside a message into io.ErrUnexpectedEOF.
func unexpectedEOF(err error) error {
	if err == io.EOF {
		return io.ErrUnexpectedEOF
	}
	return err
}
