package dask

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/flowspec/flowspec/builtins"
	"github.com/flowspec/flowspec/compiler"
	"github.com/flowspec/flowspec/dask/internal/fixture"
	"github.com/flowspec/flowspec/dask/internal/testcluster"
	"github.com/flowspec/flowspec/operator"
	"github.com/flowspec/flowspec/runtime"
	"github.com/flowspec/flowspec/value"
)

// exampleGraph makes one unmapped task per example of every built-in
// operator, each with its own output, plus the name of each task.
func exampleGraph(reg *operator.Registry) (*compiler.Graph, []string) {
	b := fixture.NewGraph("conformance")
	var names []string
	for _, op := range reg.Ops() {
		for n, ex := range op.Examples {
			args := make([]compiler.Arg, len(op.Params))
			for i, p := range op.Params {
				v, ok := ex.Args[p.Name]
				if !ok {
					v = p.Default
				}
				args[i] = fixture.Const(v)
			}
			name := fmt.Sprintf("%s_%d", op.Name, n)
			gi := b.Group(name, op.Name, false, 1, compiler.Options{}, func(int) []compiler.Arg { return args })
			b.Output(name, b.Ref(gi, 0))
			names = append(names, fmt.Sprintf("%s example %d %v", op.Name, n, ex.Args))
		}
	}
	return b.G, names
}

// outcome is what one task ended as.
type outcome struct {
	state runtime.State
	value any
	err   string
}

func outcomes(t *testing.T, e runtime.Executor, g *compiler.Graph) []outcome {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	out := make([]outcome, len(g.Tasks))
	res, err := e.Run(ctx, g, func(ev runtime.Event) {
		out[ev.Task].state = ev.State
		if ev.Err != nil {
			out[ev.Task].err = ev.Err.Message
		}
	})
	if err != nil {
		t.Fatalf("%s: %v", e.Name(), err)
	}
	for i, o := range res.Outputs {
		out[i].value = o.Value
	}
	return out
}

// goOutcomes calls every task's operator's Go implementation directly.
// (runtime.Local checks argument types itself before calling an operator,
// with its own wording, so it is not the reference for error messages.)
func goOutcomes(t *testing.T, reg *operator.Registry, g *compiler.Graph) []outcome {
	out := make([]outcome, len(g.Tasks))
	for i, task := range g.Tasks {
		op, _ := runtime.Op(g, reg, g.GroupOf(i).Op)
		args := make([]any, len(task.Args))
		for j, a := range task.Args {
			args[j] = a.Value
		}
		v, err := op.Go(context.Background(), args)
		if err != nil {
			out[i] = outcome{state: runtime.Failed, err: err.Error()}
		} else {
			out[i] = outcome{state: runtime.Success, value: v}
		}
	}
	return out
}

// TestConformance runs every example of every built-in operator on Dask
// (every venv) and through its Go implementation: states and values must
// be identical, and a failure's message on Dask is the Go message behind
// the Python exception's class ("ZeroDivisionError: " + Go's).
func TestConformance(t *testing.T) {
	reg := builtins.Default()
	g, names := exampleGraph(reg)
	local := goOutcomes(t, reg, g)
	for _, v := range venvs {
		t.Run(v.name, func(t *testing.T) {
			c := testcluster.Start(t, v.name, testcluster.Options{Workers: 1, Threads: 2})
			got := outcomes(t, &Executor{Address: c.Address, Registry: reg}, g)
			for i := range got {
				l, d := local[i], got[i]
				if l.state != d.state || !value.Identical(l.value, d.value) || !sameError(l.err, d.err) {
					t.Errorf("%s:\n  go   %v %#v %q\n  dask %v %#v %q", names[i], l.state, l.value, l.err, d.state, d.value, d.err)
				}
			}
		})
	}
}

// sameError reports whether a Dask message is the local one behind an
// exception class.
func sameError(local, dask string) bool {
	if local == "" || dask == "" {
		return local == dask
	}
	class, msg, ok := strings.Cut(dask, ": ")
	return ok && msg == local && !strings.Contains(class, " ")
}
