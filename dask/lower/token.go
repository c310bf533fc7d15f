package lower

import (
	"encoding/binary"
	"fmt"
	"math"
	"sort"

	"github.com/flowspec/flowspec/compiler"
)

// KeyPrefixes returns each group's Dask key prefix, as Lower names them.
func KeyPrefixes(g *compiler.Graph) []string {
	prefixes, _ := groupTokens(g)
	return prefixes
}

// groupTokens returns each group's Dask key prefix "<group name>-<token>"
// and the groups each group reads from.
//
// The token is 8 hex digits hashed from the flow name, the group's name,
// operator and options, every element's arguments, and the tokens of the
// groups it reads. So re-running an unchanged flow reuses its key names,
// while a changed parameter, a different flow or a changed upstream task
// gives new ones: the scheduler never hands back a stale result under a
// reused key. Eight hex digits is also what Dask's key_split skips, so the
// dashboard names the group after the task ("inc", not "inc-3fa4").
func groupTokens(g *compiler.Graph) (prefixes []string, deps [][]int32) {
	own, deps := hashGroups(g)
	tokens := resolveTokens(own, deps)
	prefixes = make([]string, len(g.Groups))
	for i, t := range tokens {
		prefixes[i] = fmt.Sprintf("%s-%08x", g.Groups[i].Name, uint32(t>>32)^uint32(t))
	}
	return prefixes, deps
}

// hashGroups hashes each group's own definition (flow, name, operator,
// options, every element's arguments) and collects the groups it reads,
// through arguments or ordering-only dependencies, sorted.
func hashGroups(g *compiler.Graph) ([]*fnv64, [][]int32) {
	own := make([]*fnv64, len(g.Groups))
	depSets := make([]map[int32]struct{}, len(g.Groups))
	for i, gr := range g.Groups {
		h := newFNV()
		hashString(h, g.Flow)
		hashString(h, gr.Name)
		hashString(h, gr.Op)
		hashOptions(h, &gr.Options)
		own[i] = h
		depSets[i] = map[int32]struct{}{}
	}
	for i := range g.Tasks {
		t := &g.Tasks[i]
		h := own[t.Group]
		h.u64(uint64(t.Index)<<1 | boolBit(t.Each))
		for j := range t.Args {
			hashArg(h, g, &t.Args[j], depSets[t.Group])
		}
		for _, d := range t.Deps {
			if gd := g.Tasks[d].Group; gd != t.Group {
				if _, ok := depSets[t.Group][gd]; !ok {
					depSets[t.Group][gd] = struct{}{}
				}
			}
		}
	}
	deps := make([][]int32, len(g.Groups))
	for i, set := range depSets {
		delete(set, int32(i))
		for d := range set {
			deps[i] = append(deps[i], d)
		}
		sort.Slice(deps[i], func(a, b int) bool { return deps[i][a] < deps[i][b] })
	}
	return own, deps
}

// resolveTokens folds into each group's hash the tokens of the groups it
// reads, upstream first. A group-level cycle (possible when elements of two
// groups read each other crosswise) contributes only the part already known.
func resolveTokens(own []*fnv64, deps [][]int32) []uint64 {
	tokens := make([]uint64, len(own))
	state := make([]uint8, len(own)) // 0 new, 1 visiting, 2 done
	var visit func(int32)
	visit = func(gi int32) {
		state[gi] = 1
		h := own[gi]
		for _, d := range deps[gi] {
			if state[d] == 0 {
				visit(d)
			}
			if state[d] == 2 {
				h.u64(tokens[d])
			}
		}
		tokens[gi] = h.Sum64()
		state[gi] = 2
	}
	for i := range own {
		if state[i] == 0 {
			visit(int32(i))
		}
	}
	return tokens
}

func boolBit(b bool) uint64 {
	if b {
		return 1
	}
	return 0
}

// hashString writes s with its length, so ("ab","c") and ("a","bc") differ.
func hashString(h *fnv64, s string) {
	h.u64(uint64(len(s)))
	h.str(s)
}

func hashOptions(h *fnv64, o *compiler.Options) {
	fmt.Fprintf(h, "%d|%d|%g|%d|%s|%d|%v|%t|", o.Retries, o.RetryDelay, o.Backoff, o.Timeout, o.Trigger, o.Priority, o.Workers, o.Idempotent)
	keys := make([]string, 0, len(o.Resources))
	for k := range o.Resources {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	for _, k := range keys {
		fmt.Fprintf(h, "%s=%g|", k, o.Resources[k])
	}
}

// hashArg writes an argument; a reference writes the upstream task's group
// name and index and records the group dependency.
func hashArg(h *fnv64, g *compiler.Graph, a *compiler.Arg, deps map[int32]struct{}) {
	h.u64(uint64(a.Kind)<<1 | boolBit(a.Spread))
	switch a.Kind {
	case compiler.Const:
		hashValue(h, a.Value)
	case compiler.Ref:
		up := &g.Tasks[a.Ref]
		if _, ok := deps[up.Group]; !ok {
			deps[up.Group] = struct{}{}
		}
		h.u64(uint64(up.Index))
		hashString(h, g.Groups[up.Group].Name)
	case compiler.List, compiler.Map:
		h.u64(uint64(len(a.Items)))
		for i := range a.Items {
			if a.Kind == compiler.Map && i < len(a.Names) {
				hashString(h, a.Names[i])
			}
			hashArg(h, g, &a.Items[i], deps)
		}
	}
}

// hashValue writes a constant with a type tag.
func hashValue(h *fnv64, v any) {
	switch x := v.(type) {
	case nil:
		h.u64('N')
	case bool:
		h.u64('b'<<8 | boolBit(x))
	case int64:
		h.u64('i')
		h.u64(uint64(x))
	case float64:
		h.u64('f')
		h.u64(math.Float64bits(x))
	case string:
		h.u64('s')
		hashString(h, x)
	case []any:
		h.u64('l')
		h.u64(uint64(len(x)))
		for _, e := range x {
			hashValue(h, e)
		}
	case map[string]any:
		h.u64('m')
		h.u64(uint64(len(x)))
		for _, k := range sortedKeys(x) {
			hashString(h, k)
			hashValue(h, x[k])
		}
	default:
		fmt.Fprintf(h, "?%T:%v", v, v)
	}
}

func sortedKeys(m map[string]any) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}

// fnv64 is a word-at-a-time multiplicative hash (FNV's offset, then a
// golden-ratio multiply and xor-shift per 8 bytes): stable across runs and
// platforms, allocation-free, and fast enough to hash a million tasks in a
// few milliseconds. It names keys; it is not a cryptographic hash.
type fnv64 struct{ s uint64 }

func newFNV() *fnv64 { return &fnv64{s: 14695981039346656037} }

func (h *fnv64) u64(v uint64) {
	h.s = (h.s ^ v) * 0x9e3779b97f4a7c15
	h.s ^= h.s >> 29
}

// Write hashes b; it never fails (io.Writer for fmt.Fprintf).
func (h *fnv64) Write(b []byte) (int, error) {
	n := len(b)
	for len(b) >= 8 {
		h.u64(binary.LittleEndian.Uint64(b))
		b = b[8:]
	}
	var tail uint64
	for i, c := range b {
		tail |= uint64(c) << (8 * i)
	}
	h.u64(tail)
	return n, nil
}

func (h *fnv64) str(s string) {
	for len(s) >= 8 {
		h.u64(uint64(s[0]) | uint64(s[1])<<8 | uint64(s[2])<<16 | uint64(s[3])<<24 |
			uint64(s[4])<<32 | uint64(s[5])<<40 | uint64(s[6])<<48 | uint64(s[7])<<56)
		s = s[8:]
	}
	var tail uint64
	for i := 0; i < len(s); i++ {
		tail |= uint64(s[i]) << (8 * i)
	}
	h.u64(tail)
}

// Sum64 returns the hash so far.
func (h *fnv64) Sum64() uint64 { return h.s ^ h.s>>31 }
