package compiler

// Trigger decides whether a task runs given the final states of its
// upstream tasks. It is the Graph's own type, spelled as in YAML, so
// executors read a Graph without importing spec; the runtime documents
// each rule.
type Trigger string

// Triggers. TriggerAllSuccess is the default.
const (
	TriggerAllSuccess Trigger = "all_success"
	TriggerAllDone    Trigger = "all_done"
	TriggerAnyFailed  Trigger = "any_failed"
)
