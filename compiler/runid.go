package compiler

import (
	"crypto/rand"
	"encoding/hex"
	"time"
)

// newRunID returns a sortable, unique id for one run: a UTC timestamp and
// random bytes, so ids order by start time in logs and state files.
func newRunID() string {
	var b [4]byte
	_, _ = rand.Read(b[:])
	return time.Now().UTC().Format("20060102T150405Z") + "-" + hex.EncodeToString(b[:])
}
