package wire

// Dialect is the form of update-graph a scheduler understands. It follows
// from the scheduler's distributed version (see Version.Dialect), because the
// message fields and the pickled graph object changed in distributed 2025.4.0.
type Dialect uint8

// Dialects.
const (
	// DialectHLG (distributed 2023.4.0 to 2025.3.x): update-graph carries
	// graph_header {serializer: pickle} and graph_frames [pickle of
	// distributed.protocol.serialize.ToPickle(HighLevelGraph)].
	DialectHLG Dialect = iota + 1
	// DialectExpr (distributed 2025.4.0 and later): update-graph carries
	// expr_ser, a pickle of dask._expr.HLGExpr(HighLevelGraph).
	DialectExpr
	// DialectHLGStringKeys (distributed 2023.4.0 to 2023.8.x) is DialectHLG
	// for schedulers that turn every key into a string (stringify): tuple
	// keys travel as their Python repr, "('inc-3fa4b2c1', 7)", so the keys
	// the client names, the graph's and the scheduler's reports all agree.
	DialectHLGStringKeys
)

// StringKeys reports whether the dialect's scheduler keeps keys as strings.
func (d Dialect) StringKeys() bool { return d == DialectHLGStringKeys }

// String names the dialect for logs and --explain output.
func (d Dialect) String() string {
	switch d {
	case DialectHLG:
		return "graph_frames (HighLevelGraph)"
	case DialectExpr:
		return "expr_ser (HLGExpr)"
	case DialectHLGStringKeys:
		return "graph_frames (HighLevelGraph, string keys)"
	}
	return "unknown"
}

// Dialect returns the update-graph dialect of a scheduler running
// distributed v, or 0 when v is older than any flowspec speaks.
//
// The boundaries were verified against the distributed wheels: 2025.3.0's
// Scheduler.update_graph takes graph_header/graph_frames, 2025.4.0's takes
// expr_ser; 2023.8.0's scheduler stringifies keys, 2023.9.0's does not;
// 2023.4.0 is the oldest release whose update_graph takes a pickled
// HighLevelGraph in graph_frames.
func (v Version) Dialect() Dialect {
	switch {
	case !v.AtLeast(2023, 4):
		return 0
	case !v.AtLeast(2023, 9):
		return DialectHLGStringKeys
	case !v.AtLeast(2025, 4):
		return DialectHLG
	}
	return DialectExpr
}
