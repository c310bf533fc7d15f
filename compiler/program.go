package compiler

import (
	"fmt"
	"strconv"

	"github.com/flowspec/flowspec/operator"
	"github.com/flowspec/flowspec/value"
)

// Program is a composite flattened into calls of registered operators, in
// the order they run; the last call's result is the composite's. Executors
// compose a composite's implementation from it: its size is the number of
// operators fused, however deeply the composites nest, and running it needs
// no recursion.
type Program struct {
	Name   string
	Params []operator.Param // the composite's parameters, typed Any: each call checks its own
	Calls  []Call
	Pure   bool
	Result value.Type
	Doc    string
}

// Call is one operator call of a Program: Op applied to one Input per
// parameter.
type Call struct {
	Op   *operator.Op
	Args []Input
}

// Input is where a call's argument comes from: the composite's parameter
// Index or, when FromCall, the result of Calls[Index], which runs before.
type Input struct {
	FromCall bool
	Index    int
}

// Signature returns the operator a composite presents to a task: its name,
// parameters, result and purity, without an implementation (Go and Python
// are for the executor to fill in). It is foreign when an operator it calls
// is (a user's Python function), and then cheap only when every foreign
// call is: each call still checks its own arguments (value.Opaque included).
func (p *Program) Signature() *operator.Op {
	op := &operator.Op{Name: p.Name, Doc: p.Doc, Params: p.Params, Result: p.Result, Pure: p.Pure}
	for _, c := range p.Calls {
		if c.Op.Foreign {
			op.Cheap = (!op.Foreign || op.Cheap) && c.Op.Cheap
			op.Foreign = true
		}
	}
	return op
}

// Program flattens composite name, resolving the operators it fuses in reg.
//
// Parameters are named after what they feed: a parameter of the outermost
// operator keeps its name; one of an operator whose result feeds parameter
// p is called p_<name> ("x_delay" is the delay of what computes x), made
// unique with a number. A name so never grows with the depth of nesting.
func (g *Graph) Program(reg *operator.Registry, name string) (*Program, error) {
	c, ok := g.Composites[name]
	if !ok {
		return nil, fmt.Errorf("operator %q is not a composite", name)
	}
	f := &flattener{g: g, reg: reg, arity: map[string]int{}}
	n, err := f.arityOf(name)
	if err != nil {
		return nil, err
	}
	args := make([]Input, n)
	for i := range args {
		args[i] = Input{Index: i}
	}
	f.params = make([]operator.Param, n)
	if _, err := f.call(name, args, ""); err != nil {
		return nil, err
	}
	return &Program{Name: name, Params: uniqueParams(f.params), Calls: f.calls, Pure: c.Pure, Result: c.Result, Doc: c.Doc}, nil
}

// flattener expands a composite's tree of operators into calls.
type flattener struct {
	g     *Graph
	reg   *operator.Registry
	arity map[string]int // composite name -> parameter count
	calls []Call
	// params holds each composite parameter as the operator reading it
	// declares it, named by prefixed but not yet unique.
	params []operator.Param
}

// call appends the calls computing operator name over args and returns
// where its result is; feeds names the parameter that result is passed to.
// Slots run in parameter order, each before the operator it feeds.
func (f *flattener) call(name string, args []Input, feeds string) (Input, error) {
	c, ok := f.g.Composites[name]
	if !ok {
		return f.base(name, args, feeds)
	}
	outer, pos := make([]Input, len(c.Slots)), 0
	for i, slot := range c.Slots {
		if slot == "" {
			outer[i], pos = args[pos], pos+1
			continue
		}
		n, err := f.arityOf(slot)
		if err != nil {
			return Input{}, err
		}
		if outer[i], err = f.call(slot, args[pos:pos+n], f.paramName(c.Outer, i)); err != nil {
			return Input{}, err
		}
		pos += n
	}
	return f.call(c.Outer, outer, feeds)
}

// base appends one call of a registered operator and names the composite
// parameters it reads directly.
func (f *flattener) base(name string, args []Input, feeds string) (Input, error) {
	op, ok := f.reg.Lookup(name)
	if !ok {
		return Input{}, fmt.Errorf("composite operator: %q is not registered", name)
	}
	if len(args) != len(op.Params) {
		return Input{}, fmt.Errorf("composite operator: %d arguments for %s's %d parameters", len(args), name, len(op.Params))
	}
	for j, a := range args {
		if !a.FromCall {
			p := op.Params[j]
			p.Name = prefixed(feeds, p.Name)
			f.params[a.Index] = p
		}
	}
	f.calls = append(f.calls, Call{Op: op, Args: args})
	return Input{FromCall: true, Index: len(f.calls) - 1}, nil
}

func prefixed(feeds, name string) string {
	if feeds == "" {
		return name
	}
	return feeds + "_" + name
}

// paramName is the name of parameter i of operator name: a registered
// operator's own, else "p<i>" (a composite's names are made when it is
// flattened, and an outer composite is rare: the optimizer run twice).
func (f *flattener) paramName(name string, i int) string {
	if op, ok := f.reg.Lookup(name); ok && i < len(op.Params) {
		return op.Params[i].Name
	}
	return "p" + strconv.Itoa(i)
}

// arityOf returns operator name's parameter count, memoized for composites.
func (f *flattener) arityOf(name string) (int, error) {
	if n, ok := f.arity[name]; ok {
		return n, nil
	}
	c, ok := f.g.Composites[name]
	if !ok {
		op, ok := f.reg.Lookup(name)
		if !ok {
			return 0, fmt.Errorf("composite operator: %q is not registered", name)
		}
		return len(op.Params), nil
	}
	n := 0
	for _, slot := range c.Slots {
		if slot == "" {
			n++
			continue
		}
		k, err := f.arityOf(slot)
		if err != nil {
			return 0, err
		}
		n += k
	}
	f.arity[name] = n
	return n, nil
}

// uniqueParams makes params' names unique, first come keeping its name and
// later ones numbered from 2, and types them Any: a fused call checks each
// operator's arguments itself, so a wrong value is reported with that
// operator's parameter ("inc: x must be a number"), as without fusion.
func uniqueParams(params []operator.Param) []operator.Param {
	taken := make(map[string]bool, len(params))
	next := map[string]int{}
	for i := range params {
		base := params[i].Name
		name := base
		for n := max(next[base], 2); taken[name]; n++ {
			name, next[base] = base+strconv.Itoa(n), n+1
		}
		taken[name] = true
		params[i].Name, params[i].Type = name, value.Any
	}
	return params
}
