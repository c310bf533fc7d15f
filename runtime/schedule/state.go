package schedule

import (
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"time"

	"github.com/flowspec/flowspec/internal/bounded"
)

// State is what the loop remembers between processes, so ticks missed while
// it was down can be caught up and an interval clock keeps its phase.
type State struct {
	Version int    `json:"version"`
	Flow    string `json:"flow"`
	// LastTick is the latest tick the loop acted on: started, or skipped by
	// policy. Ticks after it that were never seen are "missed".
	LastTick *TickMark `json:"last_tick,omitempty"`
	// LastRun is the latest run that finished.
	LastRun *RunRecord `json:"last_run,omitempty"`
	// Running are the runs started and not yet finished, written before
	// each run starts: after a crash (SIGKILL, power loss) they are the
	// interrupted runs, which the next start reports and treats per the
	// catch-up policy instead of forgetting them.
	Running []RunRecord `json:"running,omitempty"`
}

// TickMark is a position in the tick stream, as stored.
type TickMark struct {
	Scheduled time.Time `json:"scheduled"`
	Clock     int       `json:"clock"`
}

// RunRecord describes a run: a finished one (LastRun) or one under way
// (Running, without Finished and State).
type RunRecord struct {
	RunID     string    `json:"run_id"`
	Scheduled time.Time `json:"scheduled"`
	Clock     int       `json:"clock"`
	Attempt   int       `json:"attempt,omitempty"` // 2 and up: the re-run of an interrupted run
	Started   time.Time `json:"started"`
	Finished  time.Time `json:"finished,omitzero"`
	State     string    `json:"state,omitempty"`
	Error     string    `json:"error,omitempty"`
}

// stateVersion is the file format's version; a file with another version is
// treated like a corrupt one.
const stateVersion = 1

// StateFile is the small JSON file a flow's state lives in, by default
// .flowspec/state/<flow-name>.json beside the flow file.
type StateFile struct {
	Path string
}

// StatePath returns the state file of a flow: dir/<flow>.json, where dir is
// stateDir when given and otherwise .flowspec/state beside the flow file.
func StatePath(flowFile, flowName, stateDir string) string {
	if stateDir == "" {
		stateDir = filepath.Join(filepath.Dir(flowFile), ".flowspec", "state")
	}
	return filepath.Join(stateDir, flowName+".json")
}

// maxStateFile bounds the state file flowspec reads back: it holds one
// small JSON object, so anything past 1 MiB is not flowspec's.
const maxStateFile = 1 << 20

// Load reads the state. A missing file is a fresh start (zero State, nil
// error); an unreadable or corrupt one is also treated as no history, with
// the reason returned as a warning for the log: a scheduler must not refuse
// to start because of its own bookkeeping.
func (f StateFile) Load() (State, error) {
	data, err := bounded.ReadFile(f.Path, maxStateFile)
	if errors.Is(err, fs.ErrNotExist) {
		return State{}, nil
	}
	if err != nil {
		return State{}, fmt.Errorf("cannot read state file %s (%v); starting with no run history", f.Path, err)
	}
	var s State
	if err := json.Unmarshal(data, &s); err != nil || s.Version != stateVersion {
		why := "unsupported version"
		if err != nil {
			why = err.Error()
		}
		return State{}, fmt.Errorf("ignoring corrupt state file %s (%s); starting with no run history", f.Path, why)
	}
	return s, nil
}

// Save writes s atomically and durably: to a temporary file in the same
// directory, synced, renamed over the old one, then the directory synced, so
// a crash leaves the old or the new state, never half of one, and a state
// saved before a run starts is still there after a power loss.
func (f StateFile) Save(s State) error {
	s.Version = stateVersion
	data, err := json.MarshalIndent(s, "", "  ")
	if err != nil {
		return err
	}
	dir := filepath.Dir(f.Path)
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return fmt.Errorf("cannot create state directory: %w", err)
	}
	tmp, err := os.CreateTemp(dir, filepath.Base(f.Path)+".*.tmp")
	if err != nil {
		return fmt.Errorf("cannot write state file: %w", err)
	}
	defer os.Remove(tmp.Name()) // fails harmlessly after the rename
	if _, err := tmp.Write(append(data, '\n')); err != nil {
		tmp.Close()
		return fmt.Errorf("cannot write state file: %w", err)
	}
	if err := tmp.Sync(); err != nil {
		tmp.Close()
		return fmt.Errorf("cannot write state file: %w", err)
	}
	if err := tmp.Close(); err != nil {
		return fmt.Errorf("cannot write state file: %w", err)
	}
	if err := os.Rename(tmp.Name(), f.Path); err != nil {
		return fmt.Errorf("cannot write state file: %w", err)
	}
	syncDir(dir)
	return nil
}

// syncDir makes a rename in dir durable, where the system can sync a
// directory; elsewhere the rename is as durable as the system makes it.
func syncDir(dir string) {
	if d, err := os.Open(dir); err == nil {
		_ = d.Sync()
		d.Close()
	}
}
