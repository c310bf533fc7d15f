package optimize

import (
	"encoding/binary"
	"hash/maphash"
	"math"
	"reflect"
	"sort"

	"github.com/flowspec/flowspec/compiler"
	"github.com/flowspec/flowspec/value"
)

// cse merges repeated work: a group of a pure operator whose tasks are
// element for element the same calls as an earlier group's (same operator,
// equal constants, references to the same tasks) is dropped, and its
// readers read the earlier group instead.
//
// Whole groups merge, never single elements: a mapped group's elements must
// keep their indices and stay contiguous, so merging add[3] of one group
// into another would tear both. Groups with a when: condition, a
// non-default trigger, or different options are left alone (their tasks may
// not run, or run differently), and so are groups marked persist: true,
// whose keys the run store keeps results under. The dropped group's keys disappear from the
// graph: an output that read it shows the kept group's keys.
func cse(o *optimizer, g *compiler.Graph) (*compiler.Graph, string, error) {
	alias := make([]int32, len(g.Tasks))
	for i := range alias {
		alias[i] = int32(i)
	}
	seed := maphash.MakeSeed()
	seen := map[uint64][]int{}
	shapes := shapeCounts(g)
	merged := 0
	for gi, grp := range g.Groups {
		if shapes[shapeOf(grp)] < 2 || !o.mergeable(g, grp) {
			continue
		}
		h := groupHash(g, grp, alias, seed)
		if twin, ok := findTwin(g, seen[h], gi, alias); ok {
			for k := 0; k < grp.Size; k++ {
				alias[grp.First+k] = alias[g.Groups[twin].First+k]
			}
			merged++
			continue
		}
		seen[h] = append(seen[h], gi)
	}
	out := compact(g, alias)
	return out, plural(merged, "group") + " merged into an equal earlier one", nil
}

// shape is what two groups must share to be compared at all; hashing
// only groups whose shape repeats keeps cse cheap on large flows.
type shape struct {
	op     string
	size   int
	mapped bool
}

func shapeOf(grp *compiler.Group) shape { return shape{grp.Op, grp.Size, grp.Mapped} }

func shapeCounts(g *compiler.Graph) map[shape]int {
	n := make(map[shape]int, len(g.Groups))
	for _, grp := range g.Groups {
		n[shapeOf(grp)]++
	}
	return n
}

// mergeable reports whether grp's tasks may be replaced by equal ones.
func (o *optimizer) mergeable(g *compiler.Graph, grp *compiler.Group) bool {
	op, ok := o.op(g, grp)
	return ok && op.Pure && !grp.Persist && grp.Options.When == nil && defaultTrigger(&grp.Options)
}

// findTwin returns the group among cands that computes what group gi does.
func findTwin(g *compiler.Graph, cands []int, gi int, alias []int32) (int, bool) {
	for _, c := range cands {
		if sameGroup(g, c, gi, alias) {
			return c, true
		}
	}
	return 0, false
}

// sameGroup compares two groups' shape, options and every task's call.
func sameGroup(g *compiler.Graph, a, b int, alias []int32) bool {
	ga, gb := g.Groups[a], g.Groups[b]
	if ga.Op != gb.Op || ga.Mapped != gb.Mapped || ga.Size != gb.Size || ga.Batch != gb.Batch ||
		!reflect.DeepEqual(ga.Options, gb.Options) {
		return false
	}
	for k := 0; k < ga.Size; k++ {
		ta, tb := &g.Tasks[ga.First+k], &g.Tasks[gb.First+k]
		if ta.Each != tb.Each || ta.Index != tb.Index || len(ta.Args) != len(tb.Args) ||
			!sameDeps(ta.Deps, tb.Deps, alias) {
			return false
		}
		for j := range ta.Args {
			if !sameArg(&ta.Args[j], &tb.Args[j], alias) {
				return false
			}
		}
	}
	return true
}

// sameDeps compares dependency lists through alias, so ordering-only
// dependencies must match too.
func sameDeps(a, b []int32, alias []int32) bool {
	if len(a) != len(b) {
		return false
	}
	seen := make(map[int32]bool, len(a))
	for _, d := range a {
		seen[alias[d]] = true
	}
	for _, d := range b {
		if !seen[alias[d]] {
			return false
		}
	}
	return true
}

// sameArg compares two arguments, references through alias.
func sameArg(a, b *compiler.Arg, alias []int32) bool {
	if a.Kind != b.Kind || a.Spread != b.Spread || len(a.Items) != len(b.Items) {
		return false
	}
	switch a.Kind {
	case compiler.Const:
		return value.Identical(a.Value, b.Value)
	case compiler.Ref:
		return alias[a.Ref] == alias[b.Ref]
	}
	for k := range a.Items {
		if !sameArg(&a.Items[k], &b.Items[k], alias) {
			return false
		}
	}
	if a.Kind == compiler.Map {
		for k := range a.Names {
			if a.Names[k] != b.Names[k] {
				return false
			}
		}
	}
	return true
}

// groupHash hashes a group's operator and calls, so only groups that are
// likely equal are compared.
func groupHash(g *compiler.Graph, grp *compiler.Group, alias []int32, seed maphash.Seed) uint64 {
	var h maphash.Hash
	h.SetSeed(seed)
	h.WriteString(grp.Op)
	writeInt(&h, int64(grp.Size))
	for k := 0; k < grp.Size; k++ {
		t := &g.Tasks[grp.First+k]
		for j := range t.Args {
			hashArg(&h, &t.Args[j], alias)
		}
	}
	return h.Sum64()
}

// hashArg feeds a's shape, constants and (aliased) references into h.
func hashArg(h *maphash.Hash, a *compiler.Arg, alias []int32) {
	h.WriteByte(byte(a.Kind))
	switch a.Kind {
	case compiler.Const:
		hashValue(h, a.Value)
	case compiler.Ref:
		writeInt(h, int64(alias[a.Ref]))
	default:
		writeInt(h, int64(len(a.Items)))
		for k := range a.Items {
			hashArg(h, &a.Items[k], alias)
		}
	}
}

// hashValue hashes a constant consistently with sameValue.
func hashValue(h *maphash.Hash, v any) {
	switch x := v.(type) {
	case int64:
		h.WriteByte('i')
		writeInt(h, x)
	case float64:
		h.WriteByte('f')
		writeInt(h, int64(math.Float64bits(x)))
	case string:
		h.WriteByte('s')
		h.WriteString(x)
	case bool:
		h.WriteByte('b')
		if x {
			h.WriteByte(1)
		}
	case []any:
		h.WriteByte('l')
		writeInt(h, int64(len(x)))
		for _, e := range x {
			hashValue(h, e)
		}
	case map[string]any:
		h.WriteByte('m')
		keys := make([]string, 0, len(x))
		for k := range x {
			keys = append(keys, k)
		}
		sort.Strings(keys)
		for _, k := range keys {
			h.WriteString(k)
			hashValue(h, x[k])
		}
	default:
		h.WriteByte('n')
	}
}

func writeInt(h *maphash.Hash, v int64) {
	var b [8]byte
	binary.LittleEndian.PutUint64(b[:], uint64(v))
	h.Write(b[:])
}
