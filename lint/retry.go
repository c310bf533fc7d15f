package lint

import (
	"fmt"

	"github.com/flowspec/flowspec/spec"
)

// retryNotIdempotent: retries on a task whose operator has effects outside
// flowspec (a shell command, an impure Python function) that is not
// declared idempotent: true, or on any task declared idempotent: false. A
// retry runs the effect again after a failure that may have happened
// halfway through it.
var retryNotIdempotent = Rule{
	ID:    "retry-not-idempotent",
	Doc:   "retries on a task that may not be safe to run twice",
	check: checkRetry,
}

func checkRetry(in *input) []finding {
	var out []finding
	for _, t := range in.flow.Tasks {
		opts := t.Options.Merge(in.flow.Defaults)
		if opts.Retries == nil || *opts.Retries == 0 || !unsafeToRepeat(in, t.Op, opts.Idempotent) {
			continue
		}
		out = append(out, finding{at: retriesAt(in.flow, t),
			message: fmt.Sprintf("task %q retries %s (retries: %d), which may not be safe to run twice", t.Name, what(in, t.Op), *opts.Retries),
			hint:    "make it safe to repeat and say so with idempotent: true, or drop retries"})
	}
	return out
}

// unsafeToRepeat: declared idempotent: false, or undeclared on an operator
// with outside effects.
func unsafeToRepeat(in *input, opName string, idem *bool) bool {
	if idem != nil {
		return !*idem
	}
	op, ok := in.reg.Lookup(opName)
	return ok && !op.Pure && (op.Foreign || op.Isolated)
}

// what names the operator for the message.
func what(in *input, opName string) string {
	if op, ok := in.reg.Lookup(opName); ok && op.Isolated {
		return "a command (" + opName + ")"
	}
	return opName
}

// retriesAt is where the task's retries come from: its own retries: key,
// or the task when it inherits them from defaults:.
func retriesAt(f *spec.Flow, t *spec.Task) spec.Range {
	if n := f.Node("tasks", t.Name, "retries"); n != nil {
		return spec.RangeOf(f.File, n)
	}
	return t.Range
}
