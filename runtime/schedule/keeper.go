package schedule

// Keeper keeps a flow's schedule state between processes and holds the
// lock that lets one process at a time run the flow's ticks. StateFile is
// the file kept beside the flow; the CLI adapts the run store to it, so
// this package knows no database.
type Keeper interface {
	// Acquire takes the exclusive hold without waiting. When another
	// process holds it, the error matches ErrLocked and names that process.
	Acquire() (Held, error)
	// Load reads the state; no state yet is a zero State and a nil error.
	// An error is a warning for the log: the loop starts with no history.
	Load() (State, error)
	// Save writes the state durably before the loop acts on it.
	Save(State) error
	// MarkInterrupted is told of the runs the state said were under way
	// when the last process ended (it was killed), once, at start.
	MarkInterrupted(runs []RunRecord) error
}

// Held is a Keeper's hold, given up when the loop ends.
type Held interface {
	Release()
}

// MarkInterrupted does nothing for a state file: the runs are only in the
// state, which the loop rewrites without them.
func (f StateFile) MarkInterrupted([]RunRecord) error { return nil }
