package runtime

import (
	"context"
	"errors"
	"fmt"
	"io"
	"strings"
)

// WriteSummary writes the line that closes a run for people: its verdict,
// the tasks by state, the wall time and the executor.
//
//	ok: 301 tasks succeeded in 1.2s (local)
//	failed: 296 succeeded, 2 failed, 3 skipped of 301 tasks in 1.2s (local)
func WriteSummary(w io.Writer, r *Result) error {
	total := 0
	for _, n := range r.Counts {
		total += n
	}
	var counts string
	switch {
	case total == 0 && r.Err != nil:
		counts = "no task ran"
	case r.Counts[Success] == total:
		counts = fmt.Sprintf("%d %s succeeded", total, plural(total, "task", "tasks"))
	default:
		counts = fmt.Sprintf("%s of %d %s", stateCounts(r.Counts), total, plural(total, "task", "tasks"))
	}
	_, err := fmt.Fprintf(w, "%s: %s in %s (%s)\n", verdict(r), counts, formatDuration(r.Wall), r.Executor)
	return err
}

// verdict is the run's outcome in one word. A run that stopped with an
// error other than its cancellation (the scheduler lost, a stall) failed,
// whatever its tasks' states say: it may have ended before any task did.
func verdict(r *Result) string {
	switch {
	case r.Counts[Failed] > 0, r.Refused > 0, r.Err != nil && !errors.Is(r.Err, context.Canceled):
		return "failed"
	case r.Counts[Cancelled] > 0, r.Err != nil:
		return "cancelled"
	}
	return "ok"
}

func plural(n int, one, many string) string {
	if n == 1 {
		return one
	}
	return many
}

// WriteErrors writes the failures a Result kept, one per line as
// file:line:col: task key (op): message, and how many more there were. The
// progress reporter already prints failures as they happen; this is for
// callers that ran without it.
func WriteErrors(w io.Writer, r *Result) error {
	var b strings.Builder
	for _, e := range r.Errors {
		b.WriteString(e.Error())
		b.WriteByte('\n')
	}
	if more := r.Counts[Failed] - len(r.Errors); more > 0 {
		fmt.Fprintf(&b, "… and %d more failed %s\n", more, plural(more, "task", "tasks"))
	}
	_, err := io.WriteString(w, b.String())
	return err
}

// WriteOutputs writes one line per output in the flow's order, values
// rendered compactly (see FormatValue): `total = 9900`. An output whose
// task did not succeed says so instead of printing a value.
func WriteOutputs(w io.Writer, r *Result) error {
	var b strings.Builder
	for _, o := range r.Outputs {
		switch {
		case o.OK:
			fmt.Fprintf(&b, "%s = %s\n", o.Name, FormatValue(o.Value))
		case o.Refused != "":
			fmt.Fprintf(&b, "%s: no value (%s)\n", o.Name, o.Refused)
		case o.Missing != "":
			fmt.Fprintf(&b, "%s: no value (%s)\n", o.Name, o.Missing)
		default:
			fmt.Fprintf(&b, "%s: no value (a task it reads did not succeed)\n", o.Name)
		}
	}
	_, err := io.WriteString(w, b.String())
	return err
}
