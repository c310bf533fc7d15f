// Package compiler turns a spec.Flow into a Graph: it evaluates compile-time
// expressions, expands mapped tasks into elements, resolves references into
// edges, checks types and cycles, and runs the optimizer passes.
package compiler

import (
	"fmt"
	"time"

	"github.com/flowspec/flowspec/spec"
)

// Graph is the contract between the compiler and every executor: a flat,
// topologically ordered list of tasks. Nothing after the compiler reads YAML,
// and nothing in the Graph knows which executor will run it.
type Graph struct {
	Flow    string   // the flow's name
	Groups  []*Group // one per YAML task (plus generated expression tasks)
	Tasks   []Task   // dependencies always come before their dependents
	Outputs []Output // in file order
	// Composites holds the operators the optimizer made by fusing tasks, by
	// name: a group's Op names one of them or a registered operator. They
	// record structure only; see Composite.
	Composites map[string]*Composite
}

// Group is what one YAML task compiled into: an operator, options and a source
// position shared by all of its elements. Executors name tasks by group (Dask
// key prefixes, progress lines), so a 10^6-element map costs one Group.
type Group struct {
	Name    string
	Op      string
	Mapped  bool // elements carry an index; the group's value is their list
	Size    int  // number of tasks (elements) in the group
	First   int  // index in Graph.Tasks of the first element
	Options Options
	Range   spec.Range // the task's key in the YAML file
	// Hidden marks groups the compiler generated (runtime expressions); they
	// are shown in graphs but summarised under their parent in progress.
	Hidden bool
	// Batch is the partition size a task asked for with `batch:` (BatchAuto
	// for `batch: auto`, 0 when not asked); the optimizer's batch pass reads it.
	Batch int
	// Stride is set on a group the batch pass made: each of its tasks is an
	// Each task over Stride consecutive elements, so element e of task
	// Index b is element b*Stride+e of the mapped task the user wrote.
	// Executors use it to name a failed element (add[b*Stride+e]).
	Stride int
	// Persist asks that each task's result be kept in the run store
	// (`persist: true`); the optimizer never fuses such a task away, so
	// its result exists under its own key.
	Persist bool
	// Cache is set for a task with cache: (which is also Persist): its
	// results are reused across runs by operator, arguments and key.
	Cache *Cache
	// Rule, in a lazy graph only, describes the group's Size elements,
	// which have no Tasks yet (see Rule and Graph.Expand).
	Rule *Rule
}

// Cache is a group's cache: settings: each element's key, by element
// index (-1 when the group is not mapped), and how old a reused result may
// be (0: no limit).
type Cache struct {
	Keys map[int32]any
	TTL  time.Duration
}

// BatchAuto is Group.Batch for `batch: auto`: the optimizer sizes the
// partitions from the executor's threads.
const BatchAuto = -1

// Options are a group's execution settings, defaults already merged in.
type Options struct {
	Retries    int
	RetryDelay time.Duration
	Backoff    float64 // >= 1; delay multiplier after each failed attempt
	Timeout    time.Duration
	Trigger    Trigger
	Priority   int
	Resources  map[string]float64
	Workers    []string
	Idempotent bool
	// When, if set, is evaluated before the operator: false skips the task.
	When *Arg
}

// Task is one unit of execution: an operator call with its arguments. It is
// kept small (the operator and position live on its Group) so graphs with
// millions of tasks stay within memory.
type Task struct {
	Group int32 // index into Graph.Groups
	Index int32 // element index within a mapped group, -1 when not mapped
	Args  []Arg // one per operator parameter, in the operator's order
	Deps  []int32
	// Each marks a task that applies its operator to every element of its
	// Spread arguments (zipped) and returns the list: a dynamic map over a
	// runtime list, or a batch of elements after optimization.
	Each bool
}

// ArgKind says what an Arg holds.
type ArgKind uint8

// Argument kinds.
const (
	Const ArgKind = iota // a literal value
	Ref                  // another task's result
	List                 // a list built from Items (a reduction over a map)
	Map                  // a map built from Names and Items
	// GroupList, in a lazy graph only, is the list of every element of the
	// rule group Graph.Groups[Ref]; Graph.Expand replaces it.
	GroupList
)

// Arg is an operator argument: a constant, a reference to another task's
// result, or a list or map assembled from such values at run time.
//
// The small fields come first so an Arg packs into 72 bytes: a million-element
// map holds several million of them.
type Arg struct {
	Kind ArgKind
	// Spread marks, on an Each task, an argument whose elements are iterated.
	Spread bool
	Ref    int32    // Ref: index into Graph.Tasks
	Value  any      // Const: int64, float64, string, bool, nil, []any, map[string]any (IntRange: see Expand)
	Items  []Arg    // List and Map
	Names  []string // Map: the key of each item
}

// Output is a named value reported when the run ends.
type Output struct {
	Name  string
	Value Arg
	Range spec.Range
}

// Key is a task's stable name: its group and element index. Keys are stable
// across compilations of the same file and parameters.
type Key struct {
	Name  string
	Index int // -1 when the group is not mapped
}

// String renders k as name or name[i].
func (k Key) String() string {
	if k.Index < 0 {
		return k.Name
	}
	return fmt.Sprintf("%s[%d]", k.Name, k.Index)
}

// Key returns the stable key of task i.
func (g *Graph) Key(i int) Key {
	t := &g.Tasks[i]
	return Key{Name: g.Groups[t.Group].Name, Index: int(t.Index)}
}

// GroupOf returns the group task i belongs to.
func (g *Graph) GroupOf(i int) *Group { return g.Groups[g.Tasks[i].Group] }
