package store

import (
	"context"
	"errors"
	"time"
)

// Store keeps runs. Every method is safe for concurrent use, and several
// processes may share one store: writes are transactions.
type Store interface {
	// Begin records a run that is starting.
	Begin(ctx context.Context, r *Run) error
	// Write adds a batch of progress to a run in one transaction.
	Write(ctx context.Context, b *Batch) error
	// Finish records how a run ended (State, Ended, Outputs, Error).
	Finish(ctx context.Context, r *Run) error
	// Runs lists runs, newest first; flow "" means every flow.
	Runs(ctx context.Context, flow string) ([]Run, error)
	// Get returns a run with its groups, failures and stored results' keys.
	Get(ctx context.Context, id string) (*Detail, error)
	// Value reads a stored value by its content address.
	Value(ctx context.Context, hash string) (any, error)
	// Prune deletes runs of flow ("" for every flow) beyond the newest
	// keep of each flow (keep < 0: no limit) and runs that started before
	// olderThan ago (0: no limit), then values no run or cache entry
	// refers to. It returns how many runs went.
	Prune(ctx context.Context, flow string, keep int, olderThan time.Duration) (int, error)
	// Cached returns the cache entries of the given cache addresses that
	// were stored at or after since.
	Cached(ctx context.Context, addrs []string, since time.Time) (map[string]string, error)
	// Location says where the store is, for messages (a password masked).
	Location() string
	Close() error
}

// Run states as stored. A run whose process died is still StateRunning in
// the store; Run.Shown tells it apart by its heartbeat.
const (
	StateRunning     = "running"
	StateSuccess     = "success"
	StateFailed      = "failed"
	StateInterrupted = "interrupted"
	StateKilled      = "killed"
)

// Run is one execution of a flow.
type Run struct {
	ID       string
	Flow     string
	File     string
	Hash     string            // sha256 of the flow file's bytes
	Params   map[string]string // --param values as given
	Seed     int64
	Executor string
	Started  time.Time
	Ended    time.Time // zero while running
	State    string
	Outputs  []Output
	Error    string
	// ResumedFrom is the run this one resumed, "" for a fresh run.
	ResumedFrom string
	// Heartbeat is the last time the recording process wrote to the run.
	Heartbeat time.Time
}

// Output is a run's output: its value's content address and its JSON for
// display; OK false when its tasks did not succeed.
type Output struct {
	Name string `json:"name"`
	OK   bool   `json:"ok"`
	Hash string `json:"hash,omitempty"`
	JSON string `json:"value,omitempty"`
}

// staleAfter is how long a running run may go without a heartbeat before
// it is shown as killed: several flush intervals.
const staleAfter = 10 * flushEvery

// Shown is the state to show: a run still marked running whose heartbeat
// stopped was killed.
func (r *Run) Shown(now time.Time) string {
	if r.State == StateRunning && now.Sub(r.Heartbeat) > staleAfter {
		return StateKilled
	}
	return r.State
}

// Group is how one task group of a run went.
type Group struct {
	Name    string
	Op      string
	Pos     string // file:line:col of the task
	Size    int
	Counts  Counts
	Started time.Time
	Ended   time.Time
	// Done has bit i set when element i (0 for an unmapped task)
	// succeeded, or was reused or taken from the cache.
	Done Bits
	// Cached has bit i set when element i was taken from the cache.
	Cached Bits
}

// Counts are a group's elements by how they ended.
type Counts struct {
	Success   int `json:"success"`
	Failed    int `json:"failed"`
	Skipped   int `json:"skipped"`
	Cancelled int `json:"cancelled"`
	Reused    int `json:"reused"` // taken from the resumed run, not run
	Cached    int `json:"cached"` // taken from the cache, not run
}

// Failure is one failed element.
type Failure struct {
	Key     string `json:"key"`
	Op      string `json:"op"`
	Pos     string `json:"pos"`
	Message string `json:"message"`
}

// Result is a stored task result: the element's group and index (0 when
// unmapped) and its value's content address.
type Result struct {
	Group string
	Index int
	Hash  string
}

// Value is a value to store with its content address (see Encode).
type Value struct {
	Hash string
	Data []byte
}

// Batch is progress to write: groups as they now stand, new failures,
// new results and the values they need.
type Batch struct {
	Run      string
	Groups   []Group
	Failures []Failure
	Results  []Result
	Values   []Value
	Cache    []CacheEntry
	Now      time.Time
}

// CacheEntry files a result's content address under its cache address
// (see CacheAddress).
type CacheEntry struct {
	Addr string
	Hash string
}

// Detail is a run with everything recorded about it.
type Detail struct {
	Run
	Groups   []Group
	Failures []Failure
	Results  []Result
}

// ErrNotFound is returned by Get for an unknown run id.
var ErrNotFound = errors.New("no such run")
