package store

import (
	"bytes"
	"context"
	"database/sql"
	"os"
	"strings"
	"testing"
	"time"
)

// TestCorruptStore: a file that is not a database is reported with what to
// do, and left as it was.
func TestCorruptStore(t *testing.T) {
	loc := sqliteLoc(t)
	junk := bytes.Repeat([]byte("not a database "), 500)
	if err := os.WriteFile(loc, junk, 0o644); err != nil {
		t.Fatal(err)
	}
	_, err := Open(context.Background(), loc)
	if err == nil || !strings.Contains(err.Error(), "is damaged") || !strings.Contains(err.Error(), "move it aside") {
		t.Fatalf("got %v", err)
	}
	if got, _ := os.ReadFile(loc); !bytes.Equal(got, junk) {
		t.Fatal("the damaged store was changed")
	}
}

// TestLockedStore: a store another process holds locked is reported as
// locked, and what was recorded before is still there afterwards.
func TestLockedStore(t *testing.T) {
	ctx := context.Background()
	loc := sqliteLoc(t)
	s := openAt(t, loc)
	if err := s.Begin(ctx, testRun("before", "demo", time.Now())); err != nil {
		t.Fatal(err)
	}
	holder, err := sql.Open("sqlite", "file:"+loc)
	if err != nil {
		t.Fatal(err)
	}
	defer holder.Close()
	conn, err := holder.Conn(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := conn.ExecContext(ctx, `BEGIN EXCLUSIVE`); err != nil {
		t.Fatal(err)
	}
	saved := busyTimeout
	busyTimeout = 100 * time.Millisecond
	defer func() { busyTimeout = saved }()
	w, err := Open(ctx, loc)
	if err != nil {
		t.Fatalf("opening a store at its schema version needs no write lock: %v", err)
	}
	defer w.Close()
	err = w.Begin(ctx, testRun("during", "demo", time.Now()))
	if err == nil || !strings.Contains(err.Error(), "locked") {
		t.Fatalf("writing to a locked store: %v", err)
	}
	if _, err := conn.ExecContext(ctx, `ROLLBACK`); err != nil {
		t.Fatal(err)
	}
	conn.Close()
	if err := w.Begin(ctx, testRun("after", "demo", time.Now())); err != nil {
		t.Fatalf("after the lock was released: %v", err)
	}
	runs, err := w.Runs(ctx, "")
	if err != nil || len(runs) != 2 {
		t.Fatalf("runs %v (%v), want before and after", runs, err)
	}
}
