package schedule

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/flowspec/flowspec/internal/bounded"
	"github.com/flowspec/flowspec/internal/flock"
)

// ErrLocked matches (errors.Is) the error of Serve and Once when another
// process already runs the same flow on the same state (file or store); a
// Keeper's Acquire wraps it.
var ErrLocked = errors.New("the schedule's state is locked by another process")

// Lock is the exclusive hold of one process on a state file, so two
// `flowspec run` processes on the same flow and state directory cannot both
// run every tick. It is an advisory lock (flock) on a file beside the state
// file, which the kernel releases when the process ends, however it ends:
// a SIGKILLed holder never leaves a stale lock behind. The file holds the
// holder's pid, host and start time, for the message the next one gets.
type Lock struct {
	f *os.File
}

// maxLockFile bounds what is read back from a lock file: it holds one
// line naming the holder.
const maxLockFile = 4096

// LockPath is the lock file of a state file: the same name with ".lock".
func LockPath(statePath string) string { return statePath + ".lock" }

// Acquire takes the lock of f's state without waiting. When another process
// holds it, the error (matching ErrLocked) names that process's pid and host.
func (f StateFile) Acquire() (Held, error) {
	path := LockPath(f.Path)
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		return nil, fmt.Errorf("cannot create state directory: %w", err)
	}
	fd, err := os.OpenFile(path, os.O_RDWR|os.O_CREATE, 0o644)
	if err != nil {
		return nil, fmt.Errorf("cannot open lock file: %w", err)
	}
	held, err := flock.TryLock(fd)
	if err != nil {
		fd.Close()
		return nil, fmt.Errorf("cannot lock %s: %w", path, err)
	}
	if held {
		holder, _ := bounded.ReadFile(path, maxLockFile)
		fd.Close()
		return nil, fmt.Errorf("%w: %s is running this flow's schedule (lock file %s); stop it first, or give this one another --state-dir",
			ErrLocked, HolderText(string(holder)), path)
	}
	if err := fd.Truncate(0); err == nil {
		_, _ = fd.WriteAt([]byte(Holder()+"\n"), 0)
	}
	return &Lock{f: fd}, nil
}

// Release gives the lock up.
func (l *Lock) Release() {
	_ = flock.Unlock(l.f)
	_ = l.f.Close()
}

// Holder names this process for the message another one gets when it
// finds the lock taken: "pid 4242 on host build-1 since 2026-03-07T12:00:00Z".
func Holder() string {
	host, _ := os.Hostname()
	return fmt.Sprintf("pid %d on host %s since %s", os.Getpid(), host, time.Now().UTC().Format(time.RFC3339))
}

// HolderText is how a lock's holder is named in the message of ErrLocked:
// "process " and what Holder wrote, or a placeholder while the holder has
// not written it yet.
func HolderText(s string) string {
	if s = strings.TrimSpace(s); s == "" {
		return "another process (which has not written its pid yet)"
	}
	return "process " + s
}
