package wire

import "fmt"

// Handshake is the first message each side of a Dask connection sends
// (distributed.comm.core.Comm.handshake_info). A peer missing compression or
// pickle-protocol fails the connection, so both are always sent.
type Handshake struct {
	Compression    string // "" for none
	Python         [3]int
	PickleProtocol int
}

// ClientHandshake is what flowspec sends: no compression, so the peer sends
// nothing compressed on this connection; pickle protocol 5; and the Python
// version a cluster for flowspec runs (informational: Dask does not check it).
func ClientHandshake() Handshake {
	return Handshake{Python: [3]int{3, 11, 0}, PickleProtocol: 5}
}

// Message returns h as the msgpack map Dask expects.
func (h Handshake) Message() map[string]any {
	var comp any
	if h.Compression != "" {
		comp = h.Compression
	}
	return map[string]any{
		"compression":     comp,
		"python":          []any{h.Python[0], h.Python[1], h.Python[2]},
		"pickle-protocol": h.PickleProtocol,
	}
}

// ParseHandshake reads a peer's handshake message.
func ParseHandshake(msg any) (Handshake, error) {
	m, ok := msg.(map[string]any)
	if !ok {
		return Handshake{}, fmt.Errorf("handshake is a %T, not a map", msg)
	}
	var h Handshake
	proto, ok := m["pickle-protocol"].(int64)
	if !ok {
		return Handshake{}, fmt.Errorf("handshake has no pickle-protocol")
	}
	h.PickleProtocol = int(proto)
	if _, ok := m["compression"]; !ok {
		return Handshake{}, fmt.Errorf("handshake has no compression")
	}
	h.Compression, _ = m["compression"].(string)
	if py, ok := m["python"].([]any); ok {
		for i := 0; i < len(py) && i < 3; i++ {
			v, _ := py[i].(int64)
			h.Python[i] = int(v)
		}
	}
	return h, nil
}
