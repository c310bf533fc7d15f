package runtime

import "github.com/flowspec/flowspec/compiler"

// upstream flags summarise the final states of a task's upstream tasks (its
// Deps, `after:` included) as they finish.
const (
	upFailed uint8 = 1 << iota // some upstream task failed
	upNotOK                    // some upstream task did not succeed (failed, skipped, cancelled)
)

// triggerMet decides whether a task whose upstream tasks have all finished
// runs. The rules follow Prefect 1.x's triggers, with one deliberate change:
// a task whose trigger is not met is Skipped, where Prefect 1.x raises
// TriggerFailed (a failure). flowspec reports the failure once, at the task
// that failed, and a run is OK exactly when no task failed.
//
//   - all_success (the default): runs when every upstream task succeeded. A
//     failed, skipped or cancelled upstream task skips it, so skips propagate
//     down a chain of all_success tasks, as Prefect's skip_on_upstream_skip
//     does. A task with no upstream tasks runs.
//   - all_done: runs once every upstream task has finished, in any state
//     (Prefect's all_finished/always_run): the trigger for cleanup and
//     reporting tasks. It runs even when an upstream task was skipped.
//   - any_failed: runs only when at least one upstream task failed; skipped
//     upstream tasks do not count as failed. With no upstream tasks it is
//     skipped, as in Prefect.
//
// A task that runs although an upstream task did not succeed reads nil as
// that task's value. `when:` is evaluated after the trigger, only for tasks
// whose trigger is met.
func triggerMet(t compiler.Trigger, up uint8) bool {
	switch t {
	case compiler.TriggerAllDone:
		return true
	case compiler.TriggerAnyFailed:
		return up&upFailed != 0
	default:
		return up&upNotOK == 0
	}
}

// upstreamFlags is what a task finishing in state s contributes to each of
// its dependents' flags.
func upstreamFlags(s State) uint8 {
	switch s {
	case Success:
		return 0
	case Failed:
		return upFailed | upNotOK
	default:
		return upNotOK
	}
}
