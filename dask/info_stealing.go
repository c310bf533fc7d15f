package dask

import (
	"errors"
	"fmt"

	"github.com/flowspec/flowspec/spec"
)

// CheckStealing is what the CLI calls before running flow f on the cluster
// described by info. Dask's work stealing may start a task on a second
// worker while the first still runs it, so a task can run twice.
//
// With stealing on it returns a warning; if some task is marked
// `idempotent: false` (in the task or in defaults) it returns an error
// naming each such task instead, since running it twice may do harm. With
// stealing unknown (the scheduler blocks run_function) such tasks give a
// warning only. The flow file is read rather than the Graph because only the
// file tells an explicit `idempotent: false` from an option left unset.
func CheckStealing(info *ClusterInfo, f *spec.Flow) (warning string, err error) {
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
	case StealingOff:
		return "", nil
	case StealingOn:
		if len(risky) > 0 {
			return "", errors.Join(risky...)
		}
		return fmt.Sprintf("work stealing is on at %s: a task may run twice; %s", info.Address, fix), nil
	}
	if len(names) > 0 {
		return fmt.Sprintf("cannot tell whether work stealing is on at %s (the scheduler blocks run_function); if it is, tasks marked idempotent: false (%v) may run twice; %s", info.Address, names, fix), nil
	}
	return "", nil
}
