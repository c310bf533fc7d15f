// Package wire speaks the Dask distributed wire protocol from Go: message
// framing over a byte stream, the connection handshake, msgpack headers with
// their serialized sub-frames, Dask task keys, and a data-only pickle decoder
// for results and task errors.
//
// Nothing in this package executes code received from a peer: pickles are
// decoded into inert values (globals stay names, calls stay descriptions) and
// only plain values (int, float, str, bytes, bool, None, list, tuple, dict,
// set) become flowspec runtime values.
//
// The layout mirrors distributed's own modules so each piece can be checked
// against its Python counterpart: frames.go (distributed/comm/tcp.py and
// protocol/utils.py), message.go (protocol/core.py), serialized.go and
// compression.go (protocol/serialize.py, protocol/compression.py),
// handshake.go (comm/core.py), exception.go (core.py error_message and
// tblib's pickling support).
package wire
