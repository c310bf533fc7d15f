package compiler

import "github.com/flowspec/flowspec/value"

// Composite is an operator the optimizer made by fusing tasks: Outer
// applied to its parameters, where Slots[i], when set, names the operator
// that computes parameter i first, from parameters of its own. The
// composite's parameters are Outer's, each slot's replaced by that
// operator's, in order.
//
// A composite records only this structure: it has no implementation. Each
// executor composes its own from Graph.Program (a Go function in process,
// Python source on Dask), so the compiler stays unaware of executors.
// Operator names resolve through Graph.Composites first, then the registry,
// so a slot or Outer may itself be a composite; a node holds one level, and
// a long fused chain costs one small node per step.
type Composite struct {
	Name   string
	Outer  string
	Slots  []string // one per parameter of Outer; "" where the parameter is passed through
	Pure   bool     // every operator in it is pure
	Result value.Type
	// Doc says what was fused, e.g. "add(x=inc(...), y=dec(...), delay)".
	Doc string
}

// Composite returns the composite operator called name, if the optimizer
// made one.
func (g *Graph) Composite(name string) (*Composite, bool) {
	c, ok := g.Composites[name]
	return c, ok
}
