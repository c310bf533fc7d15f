// Package runtime runs compiled Graphs: the Executor interface every executor
// implements, the in-process executor, retries, timeouts, task events and the
// run summary.
package runtime

import (
	"context"
	"time"

	"github.com/flowspec/flowspec/compiler"
)

// Executor runs a compiled Graph. Run blocks until every task has finished,
// been skipped, or ctx is cancelled; it reports each task's state changes to
// sink as they happen. A task failure is not an error of Run: it shows in the
// Result. Run returns an error only when the run itself could not proceed
// (an unreachable cluster, a cancelled context).
type Executor interface {
	// Name is a short label for logs and summaries ("local", "dask").
	Name() string
	Run(ctx context.Context, g *compiler.Graph, sink Sink) (*Result, error)
}

// Sink receives task events. Executors call it from one goroutine at a time,
// so a Sink needs no locking of its own; it must not block for long.
type Sink func(Event)

// State is a task's state in a run.
type State uint8

// Task states, in the order a task moves through them.
const (
	Pending State = iota
	Running
	Retrying
	Success
	Failed
	Skipped
	Cancelled
)

var stateNames = [...]string{"pending", "running", "retrying", "success", "failed", "skipped", "cancelled"}

// String names the state as shown to users.
func (s State) String() string { return stateNames[s] }

// Final reports whether a task in state s is finished.
func (s State) Final() bool { return s >= Success }

// Event is one change of one task's state.
type Event struct {
	Task    int32 // index into Graph.Tasks
	State   State
	Attempt int // 1 for the first try
	Err     *TaskError
	Time    time.Time
	// Value is the task's result on Success when its group is marked
	// Persist (so the run store can keep it); nil otherwise. Executors
	// that hold results elsewhere (Dask) give them in Result.Persisted.
	Value any
	// Cached marks a Success whose result came from the cache at the
	// moment the task would have run (Local.WithCache): its operator was
	// not called, and Value holds the cached result.
	Cached bool
}

// TaskError is why a task failed, with where in the flow file it came from.
type TaskError struct {
	Key     compiler.Key
	Op      string
	Message string // the operator's error, e.g. "ZeroDivisionError: division by zero"
	Pos     string // file:line:col of the task
}

// Error renders e as file:line:col: task key (op): message.
func (e *TaskError) Error() string {
	return e.Pos + ": task " + e.Key.String() + " (" + e.Op + "): " + e.Message
}

// Result is what a run produced.
type Result struct {
	Executor string
	Outputs  []NamedValue // in the flow's output order
	Counts   [Cancelled + 1]int
	Errors   []*TaskError // first few failures, in the order they happened
	// Refused counts outputs that hold a Python object (RefuseObjects).
	Refused int
	Wall    time.Duration
	// Persisted holds, by task index, the results of Persist groups'
	// tasks that the executor did not give in their Success events (Dask
	// gathers them with the outputs); nil for the local executor.
	Persisted map[int32]any
	// ResumeInputs holds, by task index, the results a resume of this run
	// needs (see ResumeInputs): nil when every task succeeded. Both
	// executors keep them until the run ends, so the run store stores
	// them once, then, and only when the run did not finish.
	ResumeInputs map[int32]any
	// Err says why the run stopped before it finished (cancelled, the
	// scheduler lost, the outputs not gathered); nil when it finished. A run
	// with Err is not OK even when every task it reached succeeded.
	Err error
}

// OK reports whether the run finished, every task that ran succeeded and
// every output holds plain data.
func (r *Result) OK() bool {
	return r.Err == nil && r.Counts[Failed] == 0 && r.Counts[Cancelled] == 0 && r.Refused == 0
}

// Stopped records err, the reason a run stopped early, on res and returns
// both: what an Executor returns when the run did not finish, so a partial
// Result never reads as a clean one.
func Stopped(res *Result, err error) (*Result, error) {
	if res != nil && err != nil && res.Err == nil {
		res.Err = err
	}
	return res, err
}

// NamedValue is an output and its value (nil when its task did not succeed).
type NamedValue struct {
	Name  string
	Value any
	OK    bool
	// Refused says why a value its tasks did produce is not given (a
	// Python object, see RefuseObjects); "" otherwise.
	Refused string
	// Missing says which task it reads did not succeed, and how
	// (WhyNoValue); "" when OK.
	Missing string
}
