package lower

import (
	"fmt"

	"github.com/flowspec/flowspec/compiler"
)

// checkKeys refuses a graph in which two tasks would have the same Dask
// key. The scheduler reports a key once, so the second task would never
// be reported and the run would wait for it forever; the compiler never
// makes such a graph, so this is a flowspec bug, said as one. Keys are
// (prefix, index) for a mapped group and the prefix alone otherwise (see
// Lowered.Key), so it checks that prefixes differ, that an unmapped group
// holds one task and that a mapped group's indices differ.
func checkKeys(g *compiler.Graph, prefixes []string) error {
	owner := make(map[string]int, len(prefixes))
	for gi, p := range prefixes {
		if other, dup := owner[p]; dup {
			return keyClash(g, g.Groups[other].First, g.Groups[gi].First, p)
		}
		owner[p] = gi
	}
	var seen []int32 // by element index: the task holding it, + 1
	for _, gr := range g.Groups {
		if !gr.Mapped {
			if gr.Size > 1 {
				return keyClash(g, gr.First, gr.First+1, prefixes[g.Tasks[gr.First].Group])
			}
			continue
		}
		if cap(seen) < gr.Size {
			seen = make([]int32, gr.Size)
		}
		seen = seen[:gr.Size]
		clear(seen)
		if err := checkIndices(g, gr, seen, prefixes[g.Tasks[gr.First].Group]); err != nil {
			return err
		}
	}
	return nil
}

// checkIndices checks that the elements of mapped group gr have distinct
// indices; seen has room for indices 0..Size-1, the compiler's layout, and
// a map takes any other.
func checkIndices(g *compiler.Graph, gr *compiler.Group, seen []int32, prefix string) error {
	var other map[int32]int32
	for i := gr.First; i < gr.First+gr.Size; i++ {
		idx := g.Tasks[i].Index
		if idx >= 0 && int(idx) < len(seen) {
			if seen[idx] > 0 {
				return keyClash(g, int(seen[idx]-1), i, fmt.Sprintf("(%s, %d)", prefix, idx))
			}
			seen[idx] = int32(i) + 1
			continue
		}
		if other == nil {
			other = map[int32]int32{}
		}
		if j, dup := other[idx]; dup {
			return keyClash(g, int(j), i, fmt.Sprintf("(%s, %d)", prefix, idx))
		}
		other[idx] = int32(i)
	}
	return nil
}

// keyClash is the internal error for tasks a and b sharing key.
func keyClash(g *compiler.Graph, a, b int, key string) error {
	gr := g.GroupOf(b)
	who := fmt.Sprintf("tasks %s and %s", g.Key(a), g.Key(b))
	if g.Key(a) == g.Key(b) {
		who = "two tasks named " + g.Key(a).String()
	}
	return fmt.Errorf("%s: internal error: %s (%s) would share the Dask key %s, and a run would wait forever for one of them; nothing was submitted. This is a flowspec bug: please report it with the flow; `--executor local` runs the flow meanwhile",
		gr.Range, who, gr.Op, key)
}
