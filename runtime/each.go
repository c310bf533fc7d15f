package runtime

import (
	"context"
	"fmt"

	"github.com/flowspec/flowspec/compiler"
	"github.com/flowspec/flowspec/operator"
)

// column is one argument of an Each task as its elements read it: a
// spread list, a spread range (compiler.IntRange, whose ints are made one
// element at a time instead of as a list of the whole batch), or a value
// every element shares.
type column struct {
	spread  bool
	isRange bool
	list    []any
	rng     compiler.IntRange
	shared  any
}

// at is the column's value for element e.
func (c *column) at(e int) any {
	switch {
	case !c.spread:
		return c.shared
	case c.isRange:
		return c.rng.At(e)
	}
	return c.list[e]
}

// columns resolves an Each task's arguments and checks that its spread
// arguments are lists (a range is one) of one length, which it returns.
func (r *run) columns(t *compiler.Task, op *operator.Op) ([]column, int, error) {
	cols := make([]column, len(t.Args))
	n, first := -1, ""
	for k := range t.Args {
		a := &t.Args[k]
		c := &cols[k]
		c.spread = a.Spread
		if rng, ok := a.Value.(compiler.IntRange); ok && a.Kind == compiler.Const && a.Spread {
			c.isRange, c.rng = true, rng
		} else {
			c.shared = resolve(a, r.results)
		}
		if !a.Spread {
			continue
		}
		name, l := op.Params[k].Name, c.rng.Len
		if !c.isRange {
			list, ok := c.shared.([]any)
			if !ok {
				return nil, 0, argError(fmt.Sprintf("argument %q: expected a list to map over, got %s", name, describe(c.shared)))
			}
			c.list, c.shared, l = list, nil, len(list)
		}
		if n >= 0 && l != n {
			return nil, 0, argError(fmt.Sprintf("mapped arguments have different lengths: %q has %d elements, %q has %d", first, n, name, l))
		}
		n, first = l, name
	}
	return cols, n, nil
}

// callEach applies op to the zipped elements of t's spread arguments and
// returns the list of results. An element's failure names the element.
// Elements the group's kernel can run on int64 values skip the boxing and
// the checks of the ordinary call; every other element, and any the kernel
// refuses, runs the ordinary way, so results and errors are the same.
func (r *run) callEach(ctx context.Context, t *compiler.Task, op *operator.Op) (any, error) {
	cols, n, err := r.columns(t, op)
	if err != nil {
		return nil, err
	}
	k := r.p.kernels[t.Group].bind(cols)
	el := newElementCaller(op, r.p.composed[t.Group], cols)
	out := make([]any, n)
	for e := range n {
		if err := ctx.Err(); err != nil {
			return nil, err
		}
		if k != nil {
			if v, ok := k.at(e); ok {
				out[e] = v
				continue
			}
		}
		v, err := el.call(ctx, e)
		if err != nil {
			return nil, err
		}
		out[e] = v
	}
	return out, nil
}

// elementCaller calls an Each task's operator the ordinary way, one element at
// a time, reusing one argument slice (and a composite's scratch) for all:
// operators keep no reference to their argument slice once they return.
type elementCaller struct {
	op      *operator.Op
	comp    *composed // the operator's program when it is a composite, else nil
	cols    []column
	args    []any
	scratch []any
}

func newElementCaller(op *operator.Op, comp *composed, cols []column) *elementCaller {
	el := &elementCaller{op: op, comp: comp, cols: cols, args: make([]any, len(cols))}
	if comp != nil {
		el.scratch = comp.newScratch()
	}
	return el
}

// call checks element e's arguments and applies the operator to them.
func (el *elementCaller) call(ctx context.Context, e int) (any, error) {
	for k := range el.cols {
		el.args[k] = el.cols[k].at(e)
	}
	if err := checkArgs(el.op, el.args); err != nil {
		return nil, fmt.Errorf("element %d: %w", e, err)
	}
	v, err := el.apply(ctx)
	if err != nil {
		return nil, elementError{e, err}
	}
	return v, nil
}

// apply is callOp for an element: a panic becomes an error.
func (el *elementCaller) apply(ctx context.Context) (v any, err error) {
	if el.comp == nil {
		return callOp(ctx, el.op, el.args)
	}
	defer func() {
		if p := recover(); p != nil {
			err = fmt.Errorf("panic: %v", p)
		}
	}()
	return el.comp.run(ctx, el.args, el.scratch)
}

// elementError is the failure of one element of an Each task; it keeps the
// operator's error so timeouts and cancellation are still recognised.
type elementError struct {
	index int
	err   error
}

func (e elementError) Error() string { return fmt.Sprintf("element %d: %v", e.index, e.err) }
func (e elementError) Unwrap() error { return e.err }
