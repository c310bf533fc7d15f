package store

import (
	"context"
	"fmt"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"
)

// openAt opens a store at loc, failing the test on error.
func openAt(t *testing.T, loc string) Store {
	t.Helper()
	s, err := Open(context.Background(), loc)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	return s
}

// sqliteLoc is a new SQLite store's path.
func sqliteLoc(t *testing.T) string { return filepath.Join(t.TempDir(), "runs.db") }

// eachBackend runs f against a new SQLite store and a new database on a
// real PostgreSQL server (see postgres_test.go).
func eachBackend(t *testing.T, f func(t *testing.T, loc string)) {
	t.Run("sqlite", func(t *testing.T) { f(t, sqliteLoc(t)) })
	t.Run("postgres", func(t *testing.T) { f(t, postgresLoc(t)) })
}

// testRun is a run record with the given id.
func testRun(id, flow string, started time.Time) *Run {
	return &Run{ID: id, Flow: flow, File: flow + ".yaml", Hash: "h", Params: map[string]string{"n": "3"}, Seed: 7,
		Executor: "local", Started: started, State: StateRunning}
}

func TestRoundTrip(t *testing.T) {
	eachBackend(t, func(t *testing.T, loc string) {
		ctx := context.Background()
		s := openAt(t, loc)
		r := testRun("r1", "demo", time.Now())
		if err := s.Begin(ctx, r); err != nil {
			t.Fatal(err)
		}
		big := strings.Repeat("x", InlineLimit+10)
		small, _ := Encode(map[string]any{"a": int64(1), "b": 2.5})
		large, _ := Encode(big)
		var done Bits
		done.Set(0)
		done.Set(2)
		b := &Batch{Run: "r1", Now: time.Now(),
			Groups:   []Group{{Name: "add", Op: "add", Pos: "f.yaml:3:3", Size: 3, Counts: Counts{Success: 2, Failed: 1}, Done: done}},
			Failures: []Failure{{Key: "add[1]", Op: "add", Pos: "f.yaml:3:3", Message: "boom"}},
			Values:   []Value{small, large},
			Results:  []Result{{Group: "add", Index: 0, Hash: small.Hash}, {Group: "add", Index: 2, Hash: large.Hash}}}
		if err := s.Write(ctx, b); err != nil {
			t.Fatal(err)
		}
		r.State, r.Ended, r.Error = StateFailed, time.Now(), "1 failed"
		if err := s.Finish(ctx, r); err != nil {
			t.Fatal(err)
		}
		d, err := s.Get(ctx, "r1")
		if err != nil {
			t.Fatal(err)
		}
		if d.State != StateFailed || d.Params["n"] != "3" || len(d.Groups) != 1 || !d.Groups[0].Done.Has(2) || d.Groups[0].Done.Has(1) ||
			len(d.Failures) != 1 || d.Failures[0].Pos != "f.yaml:3:3" || len(d.Results) != 2 {
			t.Fatalf("read back %+v", d)
		}
		v, err := s.Value(ctx, large.Hash)
		if err != nil || v != big {
			t.Fatalf("large value: %v", err)
		}
		v, err = s.Value(ctx, small.Hash)
		if err != nil || fmt.Sprint(v) != "map[a:1 b:2.5]" {
			t.Fatalf("small value %v: %v", v, err)
		}
	})
}

func TestMigrateFromEmpty(t *testing.T) {
	eachBackend(t, func(t *testing.T, loc string) {
		s := openAt(t, loc).(*sqlStore)
		var v int
		if err := s.db.QueryRow(`SELECT version FROM schema_version`).Scan(&v); err != nil || v != SchemaVersion {
			t.Fatalf("version %d (%v), want %d", v, err, SchemaVersion)
		}
	})
}

// TestMigrateFromPrevious: a store left at each earlier schema version
// (1: runs, groups and failures; 2: and results; 3: and the cache)
// upgrades on open and keeps its runs.
func TestMigrateFromPrevious(t *testing.T) {
	for v := 1; v < SchemaVersion; v++ {
		t.Run(fmt.Sprintf("from%d", v), func(t *testing.T) { migrateFrom(t, v) })
	}
}

func migrateFrom(t *testing.T, v int) {
	eachBackend(t, func(t *testing.T, loc string) {
		ctx := context.Background()
		old := openAtVersion(t, loc, v)
		if err := old.Begin(ctx, testRun("old", "demo", time.Now())); err != nil {
			t.Fatal(err)
		}
		old.Close()
		s := openAt(t, loc)
		if _, err := s.Get(ctx, "old"); err != nil {
			t.Fatalf("the run recorded at version %d: %v", v, err)
		}
		val, _ := Encode(int64(5))
		if err := s.Write(ctx, &Batch{Run: "old", Now: time.Now(), Values: []Value{val}, Results: []Result{{Group: "g", Hash: val.Hash}}}); err != nil {
			t.Fatalf("writing a result after migrating: %v", err)
		}
	})
}

// openAtVersion opens a new store migrated only up to version v.
func openAtVersion(t *testing.T, loc string, v int) *sqlStore {
	t.Helper()
	all := migrations
	migrations = migrations[:v]
	defer func() { migrations = all }()
	return openAt(t, loc).(*sqlStore)
}

// TestNewerSchemaRefused: a store written by a newer flowspec is not
// touched.
func TestNewerSchemaRefused(t *testing.T) {
	loc := sqliteLoc(t)
	s := openAt(t, loc).(*sqlStore)
	if _, err := s.db.Exec(`UPDATE schema_version SET version = 99`); err != nil {
		t.Fatal(err)
	}
	s.Close()
	_, err := Open(context.Background(), loc)
	if err == nil || !strings.Contains(err.Error(), "version 99, newer than this flowspec's") {
		t.Fatalf("got %v", err)
	}
}

// TestConcurrentWriters: several stores on one database (as several
// processes would be) write runs at once; every write lands.
func TestConcurrentWriters(t *testing.T) {
	eachBackend(t, func(t *testing.T, loc string) {
		ctx := context.Background()
		const writers, batches = 4, 20
		openAt(t, loc) // created once, so the writers race on writes, not on creating it
		var wg sync.WaitGroup
		errs := make(chan error, writers)
		for w := range writers {
			wg.Add(1)
			go func() {
				defer wg.Done()
				errs <- writeRun(ctx, loc, fmt.Sprintf("w%d", w), batches)
			}()
		}
		wg.Wait()
		close(errs)
		for err := range errs {
			if err != nil {
				t.Fatal(err)
			}
		}
		s := openAt(t, loc)
		runs, err := s.Runs(ctx, "")
		if err != nil || len(runs) != writers {
			t.Fatalf("%d runs (%v), want %d", len(runs), err, writers)
		}
		d, err := s.Get(ctx, "w0")
		if err != nil || len(d.Results) != batches || len(d.Failures) != batches {
			t.Fatalf("run w0: %d results, %d failures (%v), want %d", len(d.Results), len(d.Failures), err, batches)
		}
	})
}

// writeRun records one run in its own store handle, batch by batch.
func writeRun(ctx context.Context, loc, id string, batches int) error {
	s, err := Open(ctx, loc)
	if err != nil {
		return err
	}
	defer s.Close()
	if err := s.Begin(ctx, testRun(id, "demo", time.Now())); err != nil {
		return err
	}
	for i := range batches {
		v, _ := Encode(id + fmt.Sprint(i))
		b := &Batch{Run: id, Now: time.Now(), Values: []Value{v},
			Groups:   []Group{{Name: "g", Op: "inc", Size: batches, Counts: Counts{Success: i}}},
			Failures: []Failure{{Key: fmt.Sprintf("g[%d]", i), Message: "x"}},
			Results:  []Result{{Group: "g", Index: i, Hash: v.Hash}}}
		if err := s.Write(ctx, b); err != nil {
			return fmt.Errorf("%s batch %d: %w", id, i, err)
		}
	}
	return nil
}

func TestPrune(t *testing.T) {
	eachBackend(t, func(t *testing.T, loc string) {
		ctx := context.Background()
		s := openAt(t, loc)
		base := time.Now().Add(-48 * time.Hour)
		for i := range 5 {
			r := testRun(fmt.Sprintf("r%d", i), "demo", base.Add(time.Duration(i)*time.Hour))
			if err := s.Begin(ctx, r); err != nil {
				t.Fatal(err)
			}
			r.State, r.Ended = StateSuccess, r.Started.Add(time.Minute)
			if err := s.Finish(ctx, r); err != nil {
				t.Fatal(err)
			}
		}
		if err := s.Begin(ctx, testRun("other", "other", base)); err != nil {
			t.Fatal(err)
		}
		n, err := s.Prune(ctx, "", 2, 0)
		if err != nil || n != 3 {
			t.Fatalf("pruned %d (%v), want 3 (demo keeps its newest 2, other its only one)", n, err)
		}
		runs, _ := s.Runs(ctx, "demo")
		if len(runs) != 2 || runs[0].ID != "r4" || runs[1].ID != "r3" {
			t.Fatalf("kept %v", runs)
		}
		if n, err := s.Prune(ctx, "other", 0, 0); err != nil || n != 1 {
			t.Fatalf("pruning flow other to 0 runs pruned %d (%v), want 1", n, err)
		}
		if n, err := s.Prune(ctx, "", -1, time.Hour); err != nil || n != 2 {
			t.Fatalf("--older 1h pruned %d (%v), want the two finished demo runs (a running run stays)", n, err)
		}
	})
}
