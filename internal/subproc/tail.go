package subproc

import (
	"strings"
	"sync"
)

// tail keeps the last lines a process wrote to stderr.
type tail struct {
	mu   sync.Mutex
	last []string
}

// tailLines is how many stderr lines a message about a dead process quotes.
const tailLines = 10

func (t *tail) add(line string) {
	t.mu.Lock()
	defer t.mu.Unlock()
	if len(t.last) == tailLines {
		t.last = t.last[1:]
	}
	t.last = append(t.last, line)
}

func (t *tail) lines() string {
	t.mu.Lock()
	defer t.mu.Unlock()
	return strings.Join(t.last, "\n")
}
