package dask

import (
	"fmt"
	"strconv"
	"strings"
)

// Dialect is the form of update-graph a scheduler understands. It is chosen
// from the scheduler's distributed version (see ChooseDialect), because the
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

// Version boundaries, verified against the distributed wheels: 2025.3.0's
// Scheduler.update_graph takes graph_header/graph_frames, 2025.4.0's takes
// expr_ser; 2023.8.0's scheduler stringifies keys, 2023.9.0's does not;
// 2023.4.0 is the oldest release whose update_graph takes a pickled
// HighLevelGraph in graph_frames.
var (
	minSupported   = version{2023, 4, 0}
	tupleKeysSince = version{2023, 9, 0}
	exprSince      = version{2025, 4, 0}
)

// version is a distributed calendar version: year, month, patch.
type version [3]int

func (v version) less(w version) bool {
	for i := range v {
		if v[i] != w[i] {
			return v[i] < w[i]
		}
	}
	return false
}

// parseVersion reads "2024.12.1", "2025.4.0+12.gabc" or "2026.8.0rc1": the
// leading numeric fields only.
func parseVersion(s string) (version, bool) {
	var v version
	fields := strings.SplitN(s, ".", 3)
	if len(fields) < 2 {
		return v, false
	}
	for i, f := range fields {
		end := 0
		for end < len(f) && f[end] >= '0' && f[end] <= '9' {
			end++
		}
		n, err := strconv.Atoi(f[:end])
		if err != nil {
			if i < 2 {
				return v, false
			}
			n = 0
		}
		v[i] = n
	}
	return v, true
}

// ChooseDialect picks the update-graph dialect for a scheduler at addr that
// reports distributed version ver (the `packages.distributed` field of its
// `versions` reply). Older or unreadable versions get an error that says
// what to do.
func ChooseDialect(addr, ver string) (Dialect, error) {
	v, ok := parseVersion(ver)
	if !ok {
		return 0, fmt.Errorf("Dask scheduler at %s reports distributed version %q, which flowspec cannot read; flowspec supports 2023.4 and later", addr, ver)
	}
	switch {
	case v.less(minSupported):
		return 0, fmt.Errorf("Dask scheduler at %s runs distributed %s; flowspec supports 2023.4 and later (upgrade the cluster)", addr, ver)
	case v.less(tupleKeysSince):
		return DialectHLGStringKeys, nil
	case v.less(exprSince):
		return DialectHLG, nil
	}
	return DialectExpr, nil
}
