package lower

import (
	"fmt"
	"strconv"
	"strings"

	"github.com/flowspec/flowspec/compiler"
	"github.com/flowspec/flowspec/operator"
)

// Op resolves operator name for g on Dask: a composite the optimizer
// recorded in g, given Python source composed from its flattened program
// (see composePython), else the operator registered in reg. A composite
// one of whose operators has no Python twin gets no source, which Lower
// reports.
func Op(g *compiler.Graph, reg *operator.Registry, name string) (*operator.Op, bool) {
	if _, ok := g.Composite(name); !ok {
		return reg.Lookup(name)
	}
	prog, err := g.Program(reg, name)
	if err != nil {
		return nil, false
	}
	op := prog.Signature()
	op.Python = composePython(prog)
	return op, true
}

// composePython writes a composite's Python twin: each distinct operator's
// twin is executed into its own namespace once (twins define helpers with
// the same names), and a function named like the composite calls them in
// the program's order, straight-line, prefixing errors with the
// operator's name as the Go side does (but a user's Python function's). The source grows with the number of
// calls, one line each, and needs no recursion however long the fused
// chain. It is empty when an operator has no twin.
func composePython(prog *compiler.Program) string {
	var b strings.Builder
	b.WriteString(pyFusedHelpers)
	fn := map[*operator.Op]string{}
	for _, call := range prog.Calls {
		if fn[call.Op] != "" {
			continue
		}
		if call.Op.Python == "" {
			return ""
		}
		fn[call.Op] = "_op" + strconv.Itoa(len(fn))
		fmt.Fprintf(&b, "%s = _fused_load(%s, %s, %s)\n", fn[call.Op], strconv.Quote(call.Op.Python), strconv.Quote(call.Op.Name),
			map[bool]string{true: "False", false: "True"}[call.Op.Foreign])
	}
	names := make([]string, len(prog.Params))
	for i, p := range prog.Params {
		names[i] = p.Name
	}
	fmt.Fprintf(&b, "\n\ndef %s(%s):\n", prog.Name, strings.Join(names, ", "))
	for k, call := range prog.Calls {
		args := make([]string, len(call.Args))
		for j, a := range call.Args {
			if a.FromCall {
				args[j] = "_v" + strconv.Itoa(a.Index)
			} else {
				args[j] = names[a.Index]
			}
		}
		fmt.Fprintf(&b, "    _v%d = %s(%s)\n", k, fn[call.Op], strings.Join(args, ", "))
	}
	fmt.Fprintf(&b, "    return _v%d\n", len(prog.Calls)-1)
	return b.String()
}

// pyFusedHelpers loads a twin into its own namespace and, when prefix is
// set, wraps it so its errors keep their type and gain the operator's name.
// A user's Python function (foreign) keeps its error as unfused: its
// traceback already names the function.
const pyFusedHelpers = `def _fused_load(src, name, prefix):
    ns = {"__name__": "flowspec_" + name}
    exec(compile(src, "flowspec/" + name + ".py", "exec"), ns)
    f = ns[name]
    if not prefix:
        return f

    def call(*args):
        try:
            return f(*args)
        except Exception as e:
            try:
                err = type(e)(name + ": " + str(e))
            except Exception:
                err = RuntimeError(name + ": " + str(e))
            raise err from None
    return call
`
