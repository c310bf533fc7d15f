package runtime

import (
	"github.com/flowspec/flowspec/compiler"
	"github.com/flowspec/flowspec/operator"
)

// A kernel runs the elements of an Each task on int64 values when its
// operator is a built-in with an integer fast path (operator.IntPath), or
// a composite of such built-ins (inc, dec, add fused for the seed flow):
// no argument or intermediate result boxed, no type checked per call, one
// result boxed per element. It answers only where the fast paths do (every
// operand an int, every delay zero, no overflow); callEach runs any other
// element the ordinary way, which gives the same result or error as if
// there were no kernel.
type kernel struct {
	roles []role // by operator parameter
	steps []step // the calls in order; register len(roles)+s holds step s's result
}

// role is what a kernel needs of a parameter's argument.
type role uint8

const (
	roleInt  role = 1 << iota // an int64 operand
	roleZero                  // a number equal to zero (a delay)
)

// step is one call of the kernel: f applied to registers x and y
// (parameters first, then the results of earlier steps).
type step struct {
	f    func(x, y int64) (int64, bool)
	x, y int
}

// newKernel returns the kernel of op (comp its program when op is a
// composite, else nil), or nil when some call has no integer fast path or
// some parameter no role.
func newKernel(op *operator.Op, comp *composed) *kernel {
	calls := []compiler.Call{{Op: op, Args: make([]compiler.Input, len(op.Params))}}
	if comp != nil {
		calls = comp.prog.Calls
	} else {
		for i := range calls[0].Args {
			calls[0].Args[i].Index = i
		}
	}
	k := &kernel{roles: make([]role, len(op.Params))}
	for _, c := range calls {
		s, ok := k.step(c)
		if !ok {
			return nil
		}
		k.steps = append(k.steps, s)
	}
	for _, r := range k.roles {
		if r == 0 {
			return nil
		}
	}
	return k
}

// step makes call c a step, giving the parameters it reads their roles.
func (k *kernel) step(c compiler.Call) (step, bool) {
	p := c.Op.Ints
	if p == nil || c.Op.Foreign || len(p.Operands)+len(p.Zero) != len(c.Args) || len(p.Operands) == 0 {
		return step{}, false
	}
	regs := make([]int, len(p.Operands))
	for i, j := range p.Operands {
		in := c.Args[j]
		regs[i] = in.Index
		if in.FromCall {
			regs[i] += len(k.roles)
		} else {
			k.roles[in.Index] |= roleInt
		}
	}
	for _, j := range p.Zero {
		in := c.Args[j]
		if in.FromCall { // a computed delay: not worth a kernel
			return step{}, false
		}
		k.roles[in.Index] |= roleZero
	}
	s := step{f: p.Func, x: regs[0], y: regs[0]}
	if len(regs) > 1 {
		s.y = regs[1]
	}
	return s, true
}

// accepts reports whether v can fill a parameter of role r.
func (r role) accepts(v any) bool {
	switch v := v.(type) {
	case int64:
		return r&roleZero == 0 || v == 0
	case float64:
		return r == roleZero && v == 0
	}
	return false
}

// bound is a kernel applied to one Each task's columns.
type bound struct {
	k      *kernel
	cols   []column
	spread []int   // the parameters whose argument varies by element
	regs   []int64 // parameters, then steps' results
}

// bind prepares k for cols, loading the arguments every element shares
// once. It returns nil when k is nil or a shared argument rules the kernel
// out for the whole task (a float operand, a delay): then every element
// runs the ordinary way.
func (k *kernel) bind(cols []column) *bound {
	if k == nil {
		return nil
	}
	b := &bound{k: k, cols: cols, regs: make([]int64, len(k.roles)+len(k.steps))}
	for j, r := range k.roles {
		c := &cols[j]
		switch {
		case c.spread:
			b.spread = append(b.spread, j)
		case !r.accepts(c.shared):
			return nil
		case r&roleInt != 0:
			b.regs[j] = c.shared.(int64)
		}
	}
	return b
}

// at computes element e, or returns false when the kernel cannot.
func (b *bound) at(e int) (any, bool) {
	regs, np := b.regs, len(b.k.roles)
	for _, j := range b.spread {
		c, r := &b.cols[j], b.k.roles[j]
		if c.isRange && r == roleInt {
			regs[j] = c.rng.At(e)
			continue
		}
		v := c.at(e)
		if !r.accepts(v) {
			return nil, false
		}
		if r&roleInt != 0 {
			regs[j] = v.(int64)
		}
	}
	for s := range b.k.steps {
		st := &b.k.steps[s]
		v, ok := st.f(regs[st.x], regs[st.y])
		if !ok {
			return nil, false
		}
		regs[np+s] = v
	}
	return regs[len(regs)-1], true
}
