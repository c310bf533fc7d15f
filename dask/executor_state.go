package dask

import (
	"strconv"
	"strings"
	"time"

	"github.com/flowspec/flowspec/compiler"
	"github.com/flowspec/flowspec/dask/lower"
	"github.com/flowspec/flowspec/runtime"
)

// maxErrors is how many task errors a Result keeps, as the local executor.
const maxErrors = 10

// tracker turns what the scheduler reports into task states, with the same
// outcomes as runtime.Local:
//
//	key-in-memory                          -> Success
//	task-erred with FlowspecSkipped        -> Skipped (its `when:` was false)
//	task-erred, every upstream succeeded   -> Failed (the task raised)
//	task-erred, some upstream did not      -> Skipped (Dask errs the
//	                                          dependents of a failed key with
//	                                          its exception; locally they
//	                                          are skipped by their trigger)
//	cancelled-keys                         -> Cancelled, downstream Skipped
//	the run is cancelled (ctx)             -> every unfinished task Cancelled
//
// Marked tasks (lower.Marked: a trigger other than all_success reads them)
// decide for themselves in their outcome key, so their task key errs only
// with their own exception (Failed) or FlowspecSkipped (Skipped), whatever
// their upstream states; only a KilledWorker can reach them from upstream.
//
// A failure also marks every unmarked task downstream of it Skipped at once,
// as the local executor does, without waiting for Dask's messages about
// them; marked tasks wait for their own report, since their trigger may run
// them.
// Dask does not tell clients when a task starts: Running comes from the
// scheduler's processing state, polled (see watchProcessing), and from the
// task wrapper's events, which also report each failed attempt that will
// be retried (see attempt). Not safe for concurrent use: the executor's
// event loop owns it.
type tracker struct {
	g       *compiler.Graph
	sink    runtime.Sink
	batches runtime.Batches  // the run context's (runtime.BatchesFrom)
	one     [1]runtime.Event // the batch report gives batches
	state   []runtime.State
	offsets []int32 // dependents of task i: down[offsets[i]:offsets[i+1]]
	down    []int32
	marked  []bool // lower.Marked, nil when no task is
	wrapped []bool // per group: lower.Wrapped, its tasks report their start
	left    int    // tasks not in a final state
	counts  [runtime.Cancelled + 1]int
	errors  []*runtime.TaskError
	// explainKilled, when set, words a KilledWorker of task i (see
	// killedWorkerMessage).
	explainKilled func(i int32) string
}

func newTracker(g *compiler.Graph, sink runtime.Sink, batches runtime.Batches) *tracker {
	n := len(g.Tasks)
	t := &tracker{g: g, sink: sink, batches: batches, state: make([]runtime.State, n), left: n, marked: lower.Marked(g)}
	t.wrapped = make([]bool, len(g.Groups))
	for gi := range g.Groups {
		t.wrapped[gi] = lower.Wrapped(&g.Groups[gi].Options)
	}
	t.offsets = make([]int32, n+1)
	for i := range g.Tasks {
		for _, d := range g.Tasks[i].Deps {
			t.offsets[d+1]++
		}
	}
	for i := 0; i < n; i++ {
		t.offsets[i+1] += t.offsets[i]
	}
	t.down = make([]int32, t.offsets[n])
	fill := append([]int32(nil), t.offsets[:n]...)
	for i := range g.Tasks {
		for _, d := range g.Tasks[i].Deps {
			t.down[fill[d]] = int32(i)
			fill[d]++
		}
	}
	return t
}

// done reports whether every task is final.
func (t *tracker) done() bool { return t.left == 0 }

// set moves task i to final state s unless it is final already.
func (t *tracker) set(i int32, s runtime.State, err *runtime.TaskError) bool {
	if t.state[i].Final() {
		return false
	}
	t.state[i] = s
	t.counts[s]++
	t.left--
	if err != nil && len(t.errors) < maxErrors {
		t.errors = append(t.errors, err)
	}
	if t.observed() {
		t.report(runtime.Event{Task: i, State: s, Attempt: 1, Err: err, Time: time.Now()})
	}
	return true
}

// observed reports whether anything receives the run's events.
func (t *tracker) observed() bool { return t.sink != nil || t.batches != nil }

// report gives ev to the sink and, as a batch of one, to batches: the
// scheduler's messages arrive a key at a time, and a key is a batch of
// elements once the batch pass ran.
func (t *tracker) report(ev runtime.Event) {
	if t.sink != nil {
		t.sink(ev)
	}
	if t.batches != nil {
		t.one[0] = ev
		t.batches(t.one[:])
		t.one[0] = runtime.Event{} // drop the error pointer
	}
}

func (t *tracker) success(i int32) { t.set(i, runtime.Success, nil) }

// skipClass is the exception the Python wrapper raises for a false `when:`.
const skipClass = "FlowspecSkipped"

// erred handles task-erred for task i with the exception's class and message.
func (t *tracker) erred(i int32, class, message string) {
	if class == skipClass {
		t.set(i, runtime.Skipped, nil)
		t.skipDownstream(i)
		return
	}
	if t.isMarked(i) && !isKilledWorker(class) {
		t.fail(i, class, message)
		return
	}
	for _, d := range t.g.Tasks[i].Deps {
		if t.state[d] != runtime.Success {
			t.set(i, runtime.Skipped, nil)
			t.skipDownstream(i)
			return
		}
	}
	t.fail(i, class, message)
}

// reportsStart reports whether task i runs in the wrapper, which reports
// each attempt's start.
func (t *tracker) reportsStart(i int32) bool {
	return t.wrapped[t.g.Tasks[i].Group] || t.isMarked(i)
}

// isMarked reports whether task i decides its own state by its trigger.
func (t *tracker) isMarked(i int32) bool { return t.marked != nil && t.marked[i] }

// fail marks task i Failed with the exception's class and message, naming
// the element of a batch as written.
func (t *tracker) fail(i int32, class, message string) {
	t.set(i, runtime.Failed, t.taskError(i, class, message))
	t.skipDownstream(i)
}

// taskError is task i's error for an exception of class with message.
func (t *tracker) taskError(i int32, class, message string) *runtime.TaskError {
	gr := t.g.GroupOf(int(i))
	key := t.g.Key(int(i))
	msg := class
	switch {
	case isKilledWorker(class) && t.explainKilled != nil:
		msg = t.explainKilled(i)
		if gr.Stride > 0 {
			key.Index *= gr.Stride // the batch's first element; the message names them all
		}
	case gr.Stride > 0:
		key, message = batchElement(key, gr.Stride, message)
		fallthrough
	default:
		if message != "" {
			msg += ": " + message
		}
	}
	return &runtime.TaskError{Key: key, Op: gr.Op, Message: msg, Pos: gr.Range.String()}
}

// batchElement names the failed element of a batch task as the user wrote
// it: the wrapper reports "element e: ..." within batch key.Index, which is
// element key.Index*stride+e of the mapped task (as runtime.Local says).
func batchElement(key compiler.Key, stride int, message string) (compiler.Key, string) {
	rest, ok := strings.CutPrefix(message, "element ")
	if !ok {
		return key, message
	}
	num, rest, ok := strings.Cut(rest, ": ")
	e, err := strconv.Atoi(num)
	if !ok || err != nil {
		return key, message
	}
	key.Index = key.Index*stride + e
	return key, rest
}

// cancelled handles cancelled-keys for the tasks is.
func (t *tracker) cancelled(is []int32) {
	for _, i := range is {
		t.set(i, runtime.Cancelled, nil)
	}
	for _, i := range is {
		t.skipDownstream(i)
	}
}

// skipDownstream marks every unfinished unmarked task that depends on i,
// directly or through unmarked tasks, Skipped.
func (t *tracker) skipDownstream(i int32) {
	stack := []int32{i}
	for len(stack) > 0 {
		j := stack[len(stack)-1]
		stack = stack[:len(stack)-1]
		for _, d := range t.down[t.offsets[j]:t.offsets[j+1]] {
			if !t.isMarked(d) && t.set(d, runtime.Skipped, nil) {
				stack = append(stack, d)
			}
		}
	}
}

// cancelRest marks every unfinished task Cancelled.
func (t *tracker) cancelRest() {
	for i := range t.state {
		t.set(int32(i), runtime.Cancelled, nil)
	}
}

// unfinished returns the tasks not in a final state.
func (t *tracker) unfinished() []int32 {
	var out []int32
	for i, s := range t.state {
		if !s.Final() {
			out = append(out, int32(i))
		}
	}
	return out
}

// running marks task i Running: attempt n as the task wrapper reports it,
// or, for n = 0, because the poll of the scheduler's processing state saw
// it, which moves only a pending task (it knows no attempts) and only one
// whose start no wrapper reports: the scheduler's processing state also
// holds tasks still queued on a worker, and a task with a timeout is timed
// from its real start. A wrapper's first attempt after the poll saw the
// task is the same attempt.
func (t *tracker) running(i int32, n int) {
	switch s := t.state[i]; {
	case s.Final(), n == 0 && (s != runtime.Pending || t.reportsStart(i)), n == 1 && s == runtime.Running:
		return
	}
	t.state[i] = runtime.Running
	if t.observed() {
		t.report(runtime.Event{Task: i, State: runtime.Running, Attempt: max(n, 1), Time: time.Now()})
	}
}

// retrying reports that attempt n of task i failed with an exception of
// class and message, and that the wrapper will try again.
func (t *tracker) retrying(i int32, n int, class, message string) {
	if t.state[i].Final() {
		return
	}
	t.state[i] = runtime.Retrying
	if t.observed() {
		t.report(runtime.Event{Task: i, State: runtime.Retrying, Attempt: n, Err: t.taskError(i, class, message), Time: time.Now()})
	}
}
