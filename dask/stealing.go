package dask

import (
	"errors"
	"fmt"

	"github.com/flowspec/flowspec/dask/client"
	"github.com/flowspec/flowspec/spec"
)

// CheckStealing is what the CLI calls before running flow f on the cluster
// described by info. Dask's work stealing may start a task on a second
// worker while the first still runs it, so a task can run twice.
//
// With stealing on it returns a warning, and if some task is marked
// `idempotent: false` (in the task or in defaults) also an error naming
// each such task, since running it twice may do harm (a CLI that lets the
// user override the error still has the warning to print). With
// stealing unknown (the scheduler blocks run_function) such tasks give a
// warning only. The flow file is read rather than the Graph because only the
// file tells an explicit `idempotent: false` from an option left unset.
func CheckStealing(info *client.ClusterInfo, f *spec.Flow) (warning string, err error) {
	fix := "start the scheduler with DASK_DISTRIBUTED__SCHEDULER__WORK_STEALING=False"
	var risky []error
	var names []string
	for _, t := range f.Tasks {
		o := t.Options.Merge(f.Defaults)
		if o.Idempotent != nil && !*o.Idempotent {
			risky = append(risky, fmt.Errorf("%s: task %s is marked idempotent: false, but work stealing is on at %s, so it may run twice; %s, or run this flow with --executor local", t.Range, t.Name, info.Address, fix))
			names = append(names, t.Name)
		}
	}
	switch info.WorkStealing {
	case client.StealingOff:
		return "", nil
	case client.StealingOn:
		warning = fmt.Sprintf("work stealing is on at %s: a task may run twice; %s", info.Address, fix)
		if len(risky) > 0 {
			return warning, errors.Join(risky...)
		}
		return warning, nil
	}
	if len(names) > 0 {
		return fmt.Sprintf("cannot tell whether work stealing is on at %s (the scheduler blocks run_function); if it is, tasks marked idempotent: false (%v) may run twice; %s", info.Address, names, fix), nil
	}
	return "", nil
}
