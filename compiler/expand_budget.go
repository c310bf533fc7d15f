package compiler

import (
	"fmt"
	"math"

	"github.com/flowspec/flowspec/spec"
)

// overBudget reports, before Expand makes anything, whether the expanded
// graph would have more than limit tasks: the tasks a lazy graph runs as
// are what the task budget (Config.MaxTasks) guards, since a rule group
// costs one Group however many elements it has. The error names the rule
// group that makes the most tasks, at its position, and how to make fewer.
func (x *expander) overBudget(limit int) error {
	total, worst := len(x.g.Tasks), 0
	for gi := range x.g.Groups {
		n := x.groupTasks(gi)
		total = min(total, math.MaxInt-n) + n // saturates: sizes may be near MaxInt
		if n > x.groupTasks(worst) {
			worst = gi
		}
	}
	if total <= limit {
		return nil
	}
	grp, n := x.g.Groups[worst], x.groupTasks(worst)
	how := "one task per element"
	if x.strides[worst] > 0 {
		how = fmt.Sprintf("batches of %d elements", x.strides[worst])
	}
	what := fmt.Sprintf("task %q: its %d elements would run as %d tasks (%s)", grp.Name, grp.Size, n, how)
	if total > n {
		what += fmt.Sprintf(", which would bring the flow to %d tasks", total)
	}
	var ds spec.Diagnostics
	ds.Errorf(grp.Range, fmt.Sprintf("let the optimizer run the map in batches (it batches cheap maps by default; batch: N on the task asks for it), map over fewer elements, or raise the limit with --max-tasks (Config.MaxTasks) if the machine has the memory: each task takes about %d bytes", bytesPerTask),
		"%s, more than the limit of %d tasks per flow", what, limit)
	return ds
}
