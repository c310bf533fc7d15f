package lower

import (
	"errors"
	"fmt"
	"strings"

	"github.com/flowspec/flowspec/compiler"
	"github.com/flowspec/flowspec/operator"
	"github.com/flowspec/flowspec/spec"
)

// maxProblems caps how many problems one check reports.
const maxProblems = 10

// ErrUnsupported matches (errors.Is) the error of Check and Lower (and of
// the dask Executor's Run) when the graph itself cannot run on Dask: an
// operator without a Python twin, an option Dask cannot honour, an
// expression Python cannot evaluate. It is bad input, not a failed run (exit code 2, not 1).
var ErrUnsupported = errors.New("the flow cannot run on Dask")

// Check reports whether g can run on Dask with the operators of reg, as
// Lower would find before writing anything: every operator has a Python
// twin, every task option is supported, every expression translates.
func Check(g *compiler.Graph, reg *operator.Registry) error {
	_, _, err := check(g, reg)
	return err
}

// Diagnostics returns the problems of an error of Check or Lower as
// positioned diagnostics (at each task's YAML position), for `flowspec
// validate --executor dask`; nil when err is not such an error.
func Diagnostics(err error) spec.Diagnostics {
	var u unsupported
	if errors.As(err, &u) {
		return u.diags
	}
	return nil
}

// unsupported carries the problems a check found, one line each.
type unsupported struct{ diags spec.Diagnostics }

func (u unsupported) Error() string {
	lines := make([]string, len(u.diags))
	for i, d := range u.diags {
		lines[i] = d.Error()
	}
	return strings.Join(lines, "\n")
}

// Is makes errors.Is(err, ErrUnsupported) true.
func (unsupported) Is(target error) bool { return target == ErrUnsupported }

// problems returns ds as one unsupported error, or nil.
func problems(ds spec.Diagnostics) error {
	if len(ds) == 0 {
		return nil
	}
	return unsupported{ds}
}

// problem is a diagnostic at group gr's position naming the task.
func problem(gr *compiler.Group, task, msg string) spec.Diagnostic {
	return spec.Diagnostic{Severity: spec.Error, Range: gr.Range,
		Message: fmt.Sprintf("task %s (%s): %s", task, gr.Op, msg)}
}

// check verifies that g can run on Dask before anything is written, and
// returns each group's operator and the Python translation of every expr
// task's source. Every problem names the task's position. (Triggers and
// `when:` run in the Python wrappers, see outcome.go and pickle_runtime.py.)
func check(g *compiler.Graph, reg *operator.Registry) ([]*operator.Op, map[string]string, error) {
	var errs spec.Diagnostics
	add := func(gr *compiler.Group, format string, args ...any) {
		if len(errs) < maxProblems {
			errs = append(errs, problem(gr, gr.Name, fmt.Sprintf(format, args...)))
		}
	}
	ops := make([]*operator.Op, len(g.Groups))
	byName := map[string]*operator.Op{} // a composite is composed once
	for i, gr := range g.Groups {
		op, ok := byName[gr.Op]
		if !ok {
			if op, ok = Op(g, reg, gr.Op); ok {
				byName[gr.Op] = op
			}
		}
		switch {
		case !ok:
			add(gr, "operator %q is not registered", gr.Op)
			continue
		case op.Python == "":
			add(gr, "operator %q has no Python implementation, so it cannot run on Dask; run this flow with --executor local", gr.Op)
		}
		ops[i] = op
		if gr.First < 0 || gr.Size < 0 || gr.First+gr.Size > len(g.Tasks) {
			add(gr, "internal error: group covers tasks %d..%d of %d", gr.First, gr.First+gr.Size, len(g.Tasks))
		}
	}
	if len(errs) > 0 {
		return nil, nil, problems(errs)
	}
	for i := range g.Tasks {
		if err := checkTask(g, ops, i); err != nil {
			gr := g.GroupOf(i)
			add(gr, "%s: %v", g.Key(i), err)
		}
	}
	if len(errs) > 0 {
		return nil, nil, problems(errs)
	}
	exprs, terrs := translateExprs(g, ops)
	if len(terrs) > 0 {
		return nil, nil, problems(terrs)
	}
	return ops, exprs, nil
}

// checkTask verifies the structure Lower relies on: tasks of a group are
// contiguous, one argument per parameter, references point backwards, and
// an Each task spreads at least one argument.
func checkTask(g *compiler.Graph, ops []*operator.Op, i int) error {
	t := &g.Tasks[i]
	if int(t.Group) >= len(g.Groups) {
		return fmt.Errorf("internal error: group %d out of range", t.Group)
	}
	gr := g.Groups[t.Group]
	if i < gr.First || i >= gr.First+gr.Size {
		return fmt.Errorf("internal error: task %d lies outside its group's range", i)
	}
	if op := ops[t.Group]; len(t.Args) != len(op.Params) {
		return fmt.Errorf("internal error: %d arguments for %d parameters", len(t.Args), len(op.Params))
	}
	spread := false
	for j := range t.Args {
		spread = spread || t.Args[j].Spread
		if err := checkRefs(&t.Args[j], len(g.Tasks)); err != nil {
			return err
		}
	}
	for _, d := range t.Deps {
		if d < 0 || int(d) >= len(g.Tasks) {
			return fmt.Errorf("internal error: dependency on task %d of %d", d, len(g.Tasks))
		}
	}
	if t.Each && !spread {
		return errors.New("internal error: an each task spreads no argument")
	}
	return nil
}

func checkRefs(a *compiler.Arg, n int) error {
	if a.Kind == compiler.Ref && (a.Ref < 0 || int(a.Ref) >= n) {
		return fmt.Errorf("internal error: reference to task %d of %d", a.Ref, n)
	}
	if a.Kind == compiler.Map && len(a.Names) != len(a.Items) {
		return errors.New("internal error: map argument with names and items of different lengths")
	}
	for i := range a.Items {
		if err := checkRefs(&a.Items[i], n); err != nil {
			return err
		}
	}
	return nil
}
