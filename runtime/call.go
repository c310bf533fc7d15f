package runtime

import (
	"context"
	"errors"
	"fmt"

	"github.com/flowspec/flowspec/compiler"
	"github.com/flowspec/flowspec/operator"
	"github.com/flowspec/flowspec/value"
)

// argError is a failure in a task's arguments (a wrong type, lists of
// different lengths). It fails the task without retries: another attempt
// would read the same arguments.
type argError string

func (e argError) Error() string { return string(e) }

// attempt runs one attempt of a task and classifies how it ended. A task
// whose operator fails after its timeout passed failed by timing out; one
// that fails because the run was cancelled is Cancelled; other failures
// are retried while attempts remain.
func (r *run) attempt(j job) outcome {
	i := j.task
	if v, ok := r.cached(i); ok && j.attempt <= 1 {
		r.results[i] = v
		return outcome{task: i, attempt: j.attempt, state: Success, cached: true}
	}
	t := &r.p.g.Tasks[i]
	opts := &r.p.g.Groups[t.Group].Options
	ctx, cancel := r.ctx, context.CancelFunc(nil)
	if opts.Timeout > 0 {
		ctx, cancel = context.WithTimeout(r.ctx, opts.Timeout)
	}
	v, err := r.call(ctx, t, r.p.ops[t.Group])
	timedOut := err != nil && cancel != nil && errors.Is(ctx.Err(), context.DeadlineExceeded) && r.ctx.Err() == nil
	if cancel != nil {
		cancel()
	}
	o := outcome{task: i, attempt: j.attempt}
	switch {
	case err == nil:
		r.results[i] = v
		o.state = Success
		return o
	case timedOut:
		err = fmt.Errorf("timed out after %s", opts.Timeout)
	case r.ctx.Err() != nil:
		r.stopping.Store(true) // before this outcome can unblock anything
		o.state = Cancelled
		return o
	}
	o.state, o.err = Failed, r.p.taskErrorOf(i, err)
	var bad argError
	if j.attempt <= opts.Retries && !errors.As(err, &bad) && !r.stopping.Load() {
		o.state = Retrying
	}
	return o
}

// call resolves t's arguments and applies its operator: once, or to every
// element of its spread arguments when t.Each is set (callEach).
func (r *run) call(ctx context.Context, t *compiler.Task, op *operator.Op) (any, error) {
	if t.Each {
		return r.callEach(ctx, t, op)
	}
	args := make([]any, len(t.Args))
	for k := range t.Args {
		args[k] = resolve(&t.Args[k], r.results)
	}
	if err := checkArgs(op, args); err != nil {
		return nil, err
	}
	return callOp(ctx, op, args)
}

// checkArgs checks each non-nil argument against its parameter's type, so a
// wrong value gets a message rather than a panic inside the operator.
func checkArgs(op *operator.Op, args []any) error {
	if op.Foreign { // a user's function takes any value, Python objects too
		return nil
	}
	for k, v := range args {
		p := &op.Params[k]
		// Accepts is false for a Python object, so the common case (an
		// accepted value) costs one type switch and no assertion.
		if v == nil || p.Type.Accepts(v) {
			continue
		}
		if o, ok := v.(value.Opaque); ok {
			return argError(value.OpaqueError(fmt.Sprintf("argument %q", p.Name), o).Error())
		}
		if p.Type == "" {
			continue
		}
		return argError(operator.ArgError(p.Name, p.Type, v).Error())
	}
	return nil
}

// callOp calls op's Go implementation, turning a panic into an error so a
// bug in one operator fails one task instead of the process.
func callOp(ctx context.Context, op *operator.Op, args []any) (v any, err error) {
	defer func() {
		if p := recover(); p != nil {
			err = fmt.Errorf("panic: %v", p)
		}
	}()
	return op.Go(ctx, args)
}

// resolve computes an argument's value from constants and results.
func resolve(a *compiler.Arg, results []any) any {
	switch a.Kind {
	case compiler.Ref:
		return results[a.Ref]
	case compiler.List:
		l := make([]any, len(a.Items))
		for k := range a.Items {
			l[k] = resolve(&a.Items[k], results)
		}
		return l
	case compiler.Map:
		m := make(map[string]any, len(a.Items))
		for k := range a.Items {
			m[a.Names[k]] = resolve(&a.Items[k], results)
		}
		return m
	}
	if r, ok := a.Value.(compiler.IntRange); ok {
		return r.List() // a lazily compiled batch's range, made as it runs
	}
	return a.Value
}
