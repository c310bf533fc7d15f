package dask

import (
	"encoding/binary"
	"fmt"
	"hash"
	"hash/fnv"
	"math"
	"sort"

	"github.com/flowspec/flowspec/compiler"
)

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
	own := make([]hash.Hash64, len(g.Groups))
	depSets := make([]map[int32]struct{}, len(g.Groups))
	for i, gr := range g.Groups {
		h := fnv.New64a()
		hashString(h, g.Flow)
		hashString(h, gr.Name)
		hashString(h, gr.Op)
		hashOptions(h, &gr.Options)
		own[i] = h
		depSets[i] = map[int32]struct{}{}
	}
	var buf [8]byte
	for i := range g.Tasks {
		t := &g.Tasks[i]
		h := own[t.Group]
		binary.LittleEndian.PutUint64(buf[:], uint64(t.Index)<<1|boolBit(t.Each))
		h.Write(buf[:])
		for j := range t.Args {
			hashArg(h, g, &t.Args[j], depSets[t.Group])
		}
	}
	deps = make([][]int32, len(g.Groups))
	for i, set := range depSets {
		delete(set, int32(i))
		for d := range set {
			deps[i] = append(deps[i], d)
		}
		sort.Slice(deps[i], func(a, b int) bool { return deps[i][a] < deps[i][b] })
	}
	tokens := make([]uint64, len(g.Groups))
	state := make([]uint8, len(g.Groups)) // 0 new, 1 visiting, 2 done
	var visit func(int32)
	visit = func(gi int32) {
		state[gi] = 1
		h := own[gi]
		for _, d := range deps[gi] {
			if state[d] == 0 {
				visit(d)
			}
			if state[d] == 2 { // a group-level cycle contributes its names only
				binary.LittleEndian.PutUint64(buf[:], tokens[d])
				h.Write(buf[:])
			}
		}
		tokens[gi] = h.Sum64()
		state[gi] = 2
	}
	prefixes = make([]string, len(g.Groups))
	for i := range g.Groups {
		if state[i] == 0 {
			visit(int32(i))
		}
		t := tokens[i]
		prefixes[i] = fmt.Sprintf("%s-%08x", g.Groups[i].Name, uint32(t>>32)^uint32(t))
	}
	return prefixes, deps
}

func boolBit(b bool) uint64 {
	if b {
		return 1
	}
	return 0
}

// hashString writes s with its length, so ("ab","c") and ("a","bc") differ.
func hashString(h hash.Hash64, s string) {
	var buf [8]byte
	binary.LittleEndian.PutUint64(buf[:], uint64(len(s)))
	h.Write(buf[:])
	h.Write([]byte(s))
}

func hashOptions(h hash.Hash64, o *compiler.Options) {
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
func hashArg(h hash.Hash64, g *compiler.Graph, a *compiler.Arg, deps map[int32]struct{}) {
	var buf [9]byte
	buf[0] = byte(a.Kind)<<1 | byte(boolBit(a.Spread))
	switch a.Kind {
	case compiler.Const:
		h.Write(buf[:1])
		hashValue(h, a.Value)
	case compiler.Ref:
		up := &g.Tasks[a.Ref]
		deps[up.Group] = struct{}{}
		binary.LittleEndian.PutUint64(buf[1:], uint64(up.Index))
		h.Write(buf[:])
		hashString(h, g.Groups[up.Group].Name)
	case compiler.List, compiler.Map:
		binary.LittleEndian.PutUint64(buf[1:], uint64(len(a.Items)))
		h.Write(buf[:])
		for i := range a.Items {
			if a.Kind == compiler.Map && i < len(a.Names) {
				hashString(h, a.Names[i])
			}
			hashArg(h, g, &a.Items[i], deps)
		}
	}
}

// hashValue writes a constant with a type tag.
func hashValue(h hash.Hash64, v any) {
	var buf [9]byte
	switch x := v.(type) {
	case nil:
		buf[0] = 'N'
	case bool:
		buf[0] = 'b'
		buf[1] = byte(boolBit(x))
	case int64:
		buf[0] = 'i'
		binary.LittleEndian.PutUint64(buf[1:], uint64(x))
	case float64:
		buf[0] = 'f'
		binary.LittleEndian.PutUint64(buf[1:], math.Float64bits(x))
	case string:
		h.Write([]byte{'s'})
		hashString(h, x)
		return
	case []any:
		buf[0] = 'l'
		binary.LittleEndian.PutUint64(buf[1:], uint64(len(x)))
		h.Write(buf[:])
		for _, e := range x {
			hashValue(h, e)
		}
		return
	case map[string]any:
		buf[0] = 'm'
		binary.LittleEndian.PutUint64(buf[1:], uint64(len(x)))
		h.Write(buf[:])
		for _, k := range sortedKeys(x) {
			hashString(h, k)
			hashValue(h, x[k])
		}
		return
	default:
		fmt.Fprintf(h, "?%T:%v", v, v)
		return
	}
	h.Write(buf[:])
}

func sortedKeys(m map[string]any) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}
