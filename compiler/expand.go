package compiler

import (
	"fmt"
	"slices"
	"strings"

	"github.com/flowspec/flowspec/operator"
	"github.com/flowspec/flowspec/spec"
	"go.yaml.in/yaml/v3"
)

// source is one map: argument: its elements when known at compile time, or
// (dyn) an argument whose run-time value is the list.
type source struct {
	arg   spec.Arg
	param int
	items []Arg
	dyn   *Arg
}

// mapped compiles a task with map:. Known lists expand into one task per
// element (zipped, or crossed with product: true); a list only known at run
// time makes one task that applies the operator to each element.
func (c *compilation) mapped(t *spec.Task, op *operator.Op, grp *Group, after []int32) {
	if c.opts.Lazy && c.lazyMapped(t, op, grp, after) {
		return
	}
	srcs, ok := c.mapSources(t, op)
	if !ok {
		return
	}
	for _, s := range srcs {
		if s.dyn != nil {
			c.each(t, op, grp, after, srcs)
			return
		}
	}
	pick, n, ok := c.elements(t, srcs)
	if !ok {
		return
	}
	grp.Mapped = true
	args, ok := c.elementArgs(t, op, srcs, pick, n)
	if !ok {
		return
	}
	gi := c.addTaskGroup(t, grp)
	c.g.Tasks = slices.Grow(c.g.Tasks, n)
	for i := 0; i < n; i++ {
		c.addTask(gi, i, args[i], after)
	}
}

// elementArgs builds every element's argument list, one parameter at a time,
// so expression tasks generated for a parameter stay contiguous in the Graph.
func (c *compilation) elementArgs(t *spec.Task, op *operator.Op, srcs []source, pick func(s, i int) int, n int) ([][]Arg, bool) {
	args := make([][]Arg, n)
	flat := make([]Arg, n*len(op.Params))
	for i := range args {
		args[i] = flat[i*len(op.Params) : (i+1)*len(op.Params) : (i+1)*len(op.Params)]
	}
	for pi, p := range op.Params {
		if si := sourceFor(srcs, pi); si >= 0 {
			if !c.fillMapped(t, p, srcs[si], si, pick, args, pi) {
				return nil, false
			}
			continue
		}
		if !c.fillWith(t, p, args, pi) {
			return nil, false
		}
	}
	return args, true
}

// fillMapped sets parameter pi of every element from its map: source.
func (c *compilation) fillMapped(t *spec.Task, p operator.Param, s source, si int, pick func(s, i int) int, args [][]Arg, pi int) bool {
	for i := range args {
		a := s.items[pick(si, i)]
		if !c.checkType(t.Name, p, a, s.arg.Value.Range) {
			return false
		}
		args[i][pi] = a
	}
	return true
}

// fillWith sets parameter pi of every element from with: (or its default),
// evaluating once unless the value differs per element (index, rand()).
func (c *compilation) fillWith(t *spec.Task, p operator.Param, args [][]Arg, pi int) bool {
	sc := scope{owner: t.Name + "." + p.Name, index: -1}
	if !c.perElement(t, p.Name) {
		a, ok := c.withArg(t, p, sc)
		for i := range args {
			args[i][pi] = a
		}
		return ok
	}
	start := len(c.g.Tasks)
	for i := range args {
		sc.index = i
		a, ok := c.withArg(t, p, sc)
		if !ok {
			return false
		}
		args[i][pi] = a
	}
	c.regroup(start, args, pi)
	return true
}

// perElement reports whether with: parameter name reads index or rand().
func (c *compilation) perElement(t *spec.Task, name string) bool {
	for _, a := range t.With {
		if a.Name != name {
			continue
		}
		found := false
		walkStrings(a.Value.Node, func(n *yaml.Node) {
			if info := c.exprOf(n, a.Value); info != nil && info.perElement() {
				found = true
			}
		})
		return found
	}
	return false
}

// sourceFor returns the index of the source feeding parameter pi, or -1.
func sourceFor(srcs []source, pi int) int {
	for i, s := range srcs {
		if s.param == pi {
			return i
		}
	}
	return -1
}

// elements decides how many elements a mapped task has and which item of
// each source element i reads: zip (equal lengths) or product.
func (c *compilation) elements(t *spec.Task, srcs []source) (func(s, i int) int, int, bool) {
	if t.Product {
		n, ok := c.productSize(t, srcs)
		if !ok {
			return nil, 0, false
		}
		return func(s, i int) int {
			for j := len(srcs) - 1; j > s; j-- {
				i /= len(srcs[j].items)
			}
			return i % len(srcs[s].items)
		}, n, true
	}
	n := len(srcs[0].items)
	for _, s := range srcs[1:] {
		if len(s.items) != n {
			c.diags.Errorf(s.arg.Value.Range, "map: lists are zipped element by element; make them the same length or set product: true",
				"task %q: map lists have different lengths: %s has %d elements, %s has %d", t.Name, srcs[0].arg.Name, n, s.arg.Name, len(s.items))
			return nil, 0, false
		}
	}
	if !c.fits(t, srcs[0].arg.Value.Range, fmt.Sprintf("map: %s has %d elements", srcs[0].arg.Name, n), n) {
		return nil, 0, false
	}
	return func(_, i int) int { return i }, n, true
}

// mapSources compiles every map: argument into a source.
func (c *compilation) mapSources(t *spec.Task, op *operator.Op) ([]source, bool) {
	srcs := make([]source, 0, len(t.Map))
	for _, a := range t.Map {
		_, pi := op.Param(a.Name)
		if pi < 0 {
			c.diags.Errorf(a.NameRange, "run `flowspec ops` to see its parameters", "operator %s has no parameter %q", op.Name, a.Name)
			return nil, false
		}
		s, ok := c.mapSource(t, a, pi)
		if !ok {
			return nil, false
		}
		srcs = append(srcs, s)
	}
	return srcs, true
}

// mapSource compiles one map: argument.
func (c *compilation) mapSource(t *spec.Task, a spec.Arg, pi int) (source, bool) {
	s := source{arg: a, param: pi}
	v, ok := c.value(a.Value.Node, a.Value, scope{owner: t.Name + "." + a.Name, index: -1})
	if !ok {
		return s, false
	}
	switch {
	case v.Kind == GroupList:
		c.lazyFailed = true // elements of a rule group: compile eagerly
		return s, false
	case v.Kind == List:
		s.items = v.Items
	case v.Kind == Const:
		list, isList := v.Value.([]any)
		if !isList {
			c.diags.Errorf(a.Value.Range, "map: values must be lists; use with: for a value shared by every element",
				"task %q: map: %s must be a list, got %s", t.Name, a.Name, describe(v.Value))
			return s, false
		}
		if !c.fits(t, a.Value.Range, fmt.Sprintf("map: %s has %d elements", a.Name, len(list)), len(list)) {
			return s, false
		}
		s.items = constItems(list)
	default:
		s.dyn = &v
	}
	if t.Flatten {
		return c.flatten(t, s)
	}
	return s, true
}

// constItems wraps list elements as constant arguments.
func constItems(list []any) []Arg {
	items := make([]Arg, len(list))
	for i, x := range list {
		items[i] = Arg{Kind: Const, Value: x}
	}
	return items
}

// flatten removes one level of nesting from a source: at compile time when
// every element is a known list, else with a generated flatten task.
func (c *compilation) flatten(t *spec.Task, s source) (source, bool) {
	if s.dyn == nil {
		var out []Arg
		known := true
		for _, it := range s.items {
			list, ok := it.Value.([]any)
			if it.Kind != Const || !ok {
				known = false
				break
			}
			out = append(out, constItems(list)...)
		}
		if known {
			s.items = out
			return s, true
		}
		list := Arg{Kind: List, Items: s.items}
		s.dyn, s.items = &list, nil
	}
	op, ok := c.reg.Lookup("flatten")
	if !ok {
		c.diags.Errorf(t.Range, "", "flatten: the flatten operator is not registered")
		return s, false
	}
	gi := c.hiddenGroup(t.Name+"."+s.arg.Name+".flatten", op.Name, s.arg.Value.Range, false)
	ref := Arg{Kind: Ref, Ref: c.addTask(gi, -1, []Arg{*s.dyn}, nil)}
	s.dyn = &ref
	return s, true
}

// each compiles a task mapped over lists known only at run time: one task
// that applies the operator to every element of its spread arguments.
func (c *compilation) each(t *spec.Task, op *operator.Op, grp *Group, after []int32, srcs []source) {
	if t.Product {
		c.diags.Errorf(t.Range, "map over lists known at compile time, or build the product in an expr task", "task %q: product: needs lists known at compile time", t.Name)
		return
	}
	args := make([]Arg, len(op.Params))
	for pi, p := range op.Params {
		if si := sourceFor(srcs, pi); si >= 0 {
			args[pi] = spreadArg(srcs[si])
			continue
		}
		if c.perElement(t, p.Name) {
			c.diags.Errorf(t.Range, "", "task %q: with: %s reads index or rand(), but the task maps over a list known only at run time (%s)", t.Name, p.Name, dynNames(srcs))
			return
		}
		a, ok := c.withArg(t, p, scope{owner: t.Name + "." + p.Name, index: -1})
		if !ok {
			return
		}
		args[pi] = a
	}
	gi := c.addTaskGroup(t, grp)
	ti := c.addTask(gi, -1, args, after)
	c.g.Tasks[ti].Each = true
}

// spreadArg is the argument an Each task iterates for one source.
func spreadArg(s source) Arg {
	a := Arg{Kind: List, Items: s.items}
	if s.dyn != nil {
		a = *s.dyn
	} else {
		a = foldList(s.items)
	}
	a.Spread = true
	return a
}

// dynNames lists the map arguments whose lists are known only at run time.
func dynNames(srcs []source) string {
	var names []string
	for _, s := range srcs {
		if s.dyn != nil {
			names = append(names, s.arg.Name)
		}
	}
	return fmt.Sprintf("map: %s", strings.Join(names, ", "))
}
