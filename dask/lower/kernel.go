package lower

import (
	"fmt"
	"strconv"
	"strings"

	"github.com/flowspec/flowspec/builtins"
	"github.com/flowspec/flowspec/compiler"
	"github.com/flowspec/flowspec/operator"
)

// A batch of a built-in integer operator (or a fused chain of them) spends
// most of its worker time not on the arithmetic but on the twins' per-call
// checks: argument types, the delay, int64 overflow, error prefixes — about
// 15 µs an element for add(inc(x), dec(x)). A kernel batch checks once per
// batch instead: every input an exact int and a bound on every
// intermediate value (interval arithmetic over the batch's minimum and
// maximum) within int64, so no element can overflow or fail; then it runs
// the chain as one list comprehension of Python expressions. Whenever the
// check fails (a float, a bool, a spread delay, a bound past int64) the
// batch runs through `each` and the twins as before, so results and error
// messages stay those of the unoptimized run.

// intKernel is a built-in operator's integer arithmetic: its expression and
// a bound on the result's magnitude, both over its int parameters' names
// as %[1]s, %[2]s; zero lists the parameters (delays) that must be 0.
type intKernel struct {
	ints  []string
	zero  []string
	expr  string
	bound string
}

var intKernels = map[string]intKernel{
	"inc": {ints: []string{"x"}, zero: []string{"delay"}, expr: "%[1]s + 1", bound: "%[1]s + 1"},
	"dec": {ints: []string{"x"}, zero: []string{"delay"}, expr: "%[1]s - 1", bound: "%[1]s + 1"},
	"add": {ints: []string{"x", "y"}, zero: []string{"delay"}, expr: "%[1]s + %[2]s", bound: "%[1]s + %[2]s"},
	"sub": {ints: []string{"x", "y"}, expr: "%[1]s - %[2]s", bound: "%[1]s + %[2]s"},
	"mul": {ints: []string{"x", "y"}, expr: "%[1]s * %[2]s", bound: "%[1]s * %[2]s"},
	"neg": {ints: []string{"x"}, expr: "-%[1]s", bound: "%[1]s"},
}

// kernelOf returns the kernel for op's built-in twin: the operator is the
// built-in one (same Python source) and every parameter has a role.
func kernelOf(op *operator.Op) (intKernel, bool) {
	k, ok := intKernels[op.Name]
	if !ok || op.Foreign {
		return k, false
	}
	if b, ok := builtins.Default().Lookup(op.Name); !ok || b.Python != op.Python {
		return k, false
	}
	if len(op.Params) != len(k.ints)+len(k.zero) {
		return k, false
	}
	return k, true
}

// Parameter roles in a kernel batch.
const (
	roleNone = iota
	roleInt
	roleZero
)

// batchSource returns the Python of a kernel batch function named
// batchName for op (a built-in or a composite of built-ins, whose program
// is prog, nil for a built-in), or "" when some call has no kernel.
func batchSource(op *operator.Op, prog *compiler.Program) string {
	if prog == nil {
		args := make([]compiler.Input, len(op.Params))
		for i := range args {
			args[i] = compiler.Input{Index: i}
		}
		prog = &compiler.Program{Name: op.Name, Params: op.Params, Calls: []compiler.Call{{Op: op, Args: args}}}
	}
	roles := make([]int, len(prog.Params))
	var bounds, exprs []string
	for _, call := range prog.Calls {
		k, ok := kernelOf(call.Op)
		if !ok || len(call.Args) != len(call.Op.Params) {
			return ""
		}
		var bs, es []any
		for j, in := range call.Args {
			role := roleZero
			if j < len(k.ints) {
				role = roleInt
			}
			if in.FromCall {
				if role != roleInt {
					return ""
				}
				bs, es = append(bs, bounds[in.Index]), append(es, exprs[in.Index])
				continue
			}
			if roles[in.Index] != roleNone && roles[in.Index] != role {
				return ""
			}
			roles[in.Index] = role
			bs, es = append(bs, "_b"+strconv.Itoa(in.Index)), append(es, "p"+strconv.Itoa(in.Index))
		}
		bounds = append(bounds, fmt.Sprintf("("+k.bound+")", bs...))
		exprs = append(exprs, fmt.Sprintf("("+k.expr+")", es...))
	}
	return writeBatch(roles, bounds, exprs)
}

// batchName is the function a kernel batch source defines.
const batchName = "flowspec_batch"

// writeBatch writes the batch function: checks, bounds, comprehension.
func writeBatch(roles []int, bounds, exprs []string) string {
	var b strings.Builder
	b.WriteString(runtimeSource)
	b.WriteString(batchHelpers)
	params := make([]string, len(roles))
	for i := range roles {
		params[i] = "a" + strconv.Itoa(i)
	}
	fmt.Fprintf(&b, "\n\ndef %s(fn, spread, %s):\n", batchName, strings.Join(params, ", "))
	fmt.Fprintf(&b, "    args = (%s,)\n    n = _spread_len(spread, args)\n    if n < 0:\n        return each(fn, spread, *args)\n", strings.Join(params, ", "))
	var loopVars, iters []string
	for i, r := range roles {
		switch r {
		case roleZero:
			fmt.Fprintf(&b, "    if spread[%d] is not None or not _is_zero(a%d):\n        return each(fn, spread, *args)\n", i, i)
		case roleInt:
			fmt.Fprintf(&b, "    _b%d = _int_bound(spread[%d], a%d)\n    if _b%d > _M:\n        return each(fn, spread, *args)\n", i, i, i, i)
			loopVars, iters = append(loopVars, "p"+strconv.Itoa(i)), append(iters, fmt.Sprintf("_elements(spread[%d], a%d, n)", i, i))
		default:
			return ""
		}
	}
	if len(loopVars) == 0 {
		return ""
	}
	for k, bound := range bounds {
		fmt.Fprintf(&b, "    if %s > _M:  # call %d\n        return each(fn, spread, *args)\n", bound, k)
	}
	fmt.Fprintf(&b, "    return [%s for %s in zip(%s)]\n", exprs[len(exprs)-1], strings.Join(loopVars, ", ")+",", strings.Join(iters, ", "))
	fmt.Fprintf(&b, "\n\ndef %s_held(fn, spread, *args):\n    return batch_of(%s(fn, spread, *args))\n", batchName, batchName)
	return b.String()
}

// batchHelpers are the kernel batch's checks, after the runtime module.
const batchHelpers = `

import itertools as _itertools

_M = (1 << 63) - 1


def _spread_len(spread, args):
    """The common length of the spread arguments, -1 when one is not a
    list or range or they differ (each then reports it)."""
    n = -1
    for a, s in zip(args, spread):
        if s is None:
            continue
        if type(a) is not list and type(a) is not range or n >= 0 and len(a) != n:
            return -1
        n = len(a)
    return n


def _is_zero(v):
    return (type(v) is int or type(v) is float) and v == 0


def _int_bound(spread, a):
    """A bound on the magnitude of a's elements (spread) or of a, or
    _M + 1 when one is not an int."""
    if spread is None:
        return abs(a) if type(a) is int else _M + 1
    if not a:
        return 0
    if type(a) is range:
        return max(abs(a[0]), abs(a[-1]))
    if type(a) is list and not set(map(type, a)) <= {int}:
        return _M + 1
    return max(abs(min(a)), abs(max(a)))


def _elements(spread, a, n):
    return _itertools.repeat(a, n) if spread is None else a
`

// eachSource returns the source and function name an Each task of op
// calls: op's kernel batch when it has one (batchSource), else the
// runtime's each; when held, the variant returning a holder (join.go).
func (w *lowerer) eachSource(op *operator.Op, held bool) (string, string) {
	src, name := w.eachFunc(op)
	if held {
		name += "_held"
	}
	return src, name
}

// eachFunc is eachSource's function returning the list.
func (w *lowerer) eachFunc(op *operator.Op) (string, string) {
	src, ok := w.batchMemo[op.Name]
	if !ok {
		if _, composite := w.g.Composite(op.Name); !composite {
			src = batchSource(op, nil)
		} else if prog, err := w.g.Program(w.reg, op.Name); err == nil {
			src = batchSource(op, prog)
		}
		if w.batchMemo == nil {
			w.batchMemo = map[string]string{}
		}
		w.batchMemo[op.Name] = src
	}
	if src == "" {
		return runtimeSource, "each"
	}
	return src, batchName
}
