package compiler

// Rule describes the elements of a mapped group without making them: element
// i of a group with a Rule calls the group's operator with, for each
// parameter, RuleArg.At(i). A lazy compilation (Config.Lazy) gives a Rule to
// every map whose elements follow one (a range, a zip of ranges and of other
// rule groups' elements, with: values shared by every element), so compiling
// a map over range(10^7) costs one Group, not 10^7 Tasks. Such a group holds
// no Tasks until Graph.Expand makes them, per element or per batch.
type Rule struct {
	Args []RuleArg // one per operator parameter, in the operator's order
}

// RuleKind says how a RuleArg varies with the element index.
type RuleKind uint8

// Rule argument kinds.
const (
	RuleShared RuleKind = iota // the same Arg for every element
	RuleRange                  // Start + i*Step
	RuleElem                   // element i of rule group Group
)

// RuleArg is one parameter of a rule group's elements.
type RuleArg struct {
	Kind        RuleKind
	Shared      Arg // RuleShared: may itself read tasks (Ref, GroupList)
	Start, Step int64
	Group       int32 // RuleElem: index into Graph.Groups
}

// Lazy reports whether g has rule groups: Graph.Expand must make their tasks
// before an executor or an optimizer pass reads it.
func (g *Graph) Lazy() bool {
	for _, grp := range g.Groups {
		if grp.Rule != nil {
			return true
		}
	}
	return false
}

// IntRange is the constant Graph.Expand gives a batch's spread argument
// that a range rule feeds: Len ints from Start by Step, made into a list
// only when the batch runs, so a batched map over range(10^7) holds no
// 10^7 constants. Only an executor that reads it may run an expanded
// lazy graph (runtime.Local; the Dask lowering is given eager graphs).
type IntRange struct {
	Start, Step int64
	Len         int
}

// At returns element i of r (0 <= i < r.Len).
func (r IntRange) At(i int) int64 { return r.Start + int64(i)*r.Step }

// List returns the ints of r.
func (r IntRange) List() []any {
	out := make([]any, r.Len)
	for i := range out {
		out[i] = r.At(i)
	}
	return out
}
