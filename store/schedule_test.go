package store

import (
	"context"
	"database/sql"
	"errors"
	"reflect"
	"testing"
	"time"
)

// sampleSchedule is a state with a last tick, a finished run and two under way.
func sampleSchedule() ScheduleState {
	at := time.Date(2026, 3, 7, 12, 0, 0, 0, time.UTC)
	return ScheduleState{Tick: at, Clock: 1,
		LastRun: &ScheduleRun{TickID: "20260307T115000Z-c2", Scheduled: at.Add(-10 * time.Minute), Clock: 1, Started: at.Add(-10 * time.Minute),
			Finished: at.Add(-9 * time.Minute), State: "failed", Error: "boom"},
		Running: []ScheduleRun{
			{TickID: "20260307T115500Z-c1", Scheduled: at.Add(-5 * time.Minute), Started: at.Add(-5 * time.Minute), Attempt: 2},
			{TickID: "20260307T120000Z-c2", Scheduled: at, Clock: 1, Started: at.Add(time.Second)},
		}}
}

// sameSchedule compares states by instant (the store gives local times).
func sameSchedule(a, b ScheduleState) bool {
	norm := func(s ScheduleState) ScheduleState {
		s.Tick = s.Tick.UTC()
		fix := func(r ScheduleRun) ScheduleRun {
			r.Scheduled, r.Started = r.Scheduled.UTC(), r.Started.UTC()
			if !r.Finished.IsZero() {
				r.Finished = r.Finished.UTC()
			}
			return r
		}
		var running []ScheduleRun
		for _, r := range s.Running {
			running = append(running, fix(r))
		}
		s.Running = running
		if s.LastRun != nil {
			l := fix(*s.LastRun)
			s.LastRun = &l
		}
		return s
	}
	return reflect.DeepEqual(norm(a), norm(b))
}

func TestScheduleStateRoundTrip(t *testing.T) {
	eachBackend(t, func(t *testing.T, loc string) {
		ctx := context.Background()
		sc := ScheduleOf(openAt(t, loc), "demo")
		if _, found, err := sc.Load(ctx); found || err != nil {
			t.Fatalf("a new store has state: %v, %v", found, err)
		}
		want := sampleSchedule()
		if err := sc.Save(ctx, want); err != nil {
			t.Fatal(err)
		}
		got, found, err := sc.Load(ctx)
		if !found || err != nil || !sameSchedule(got, want) {
			t.Fatalf("read back %+v (%v, %v), want %+v", got, found, err, want)
		}
		want.Running, want.LastRun = want.Running[1:], nil
		if err := sc.Save(ctx, want); err != nil {
			t.Fatal(err)
		}
		if got, _, _ := sc.Load(ctx); !sameSchedule(got, want) {
			t.Fatalf("after a second save %+v, want %+v", got, want)
		}
		if _, found, _ := ScheduleOf(openAt(t, loc), "other").Load(ctx); found {
			t.Fatal("another flow's state was found")
		}
	})
}

// TestScheduleAfterMigration: a store at the schema before schedules (3)
// upgrades and then keeps schedule state.
func TestScheduleAfterMigration(t *testing.T) {
	eachBackend(t, func(t *testing.T, loc string) {
		ctx := context.Background()
		old := openAtVersion(t, loc, 3)
		if err := ScheduleOf(old, "demo").Save(ctx, sampleSchedule()); err == nil {
			t.Fatal("a store at version 3 has schedule tables")
		}
		old.Close()
		sc := ScheduleOf(openAt(t, loc), "demo")
		if err := sc.Save(ctx, sampleSchedule()); err != nil {
			t.Fatal(err)
		}
		if got, found, err := sc.Load(ctx); !found || err != nil || !sameSchedule(got, sampleSchedule()) {
			t.Fatalf("read back %+v (%v, %v)", got, found, err)
		}
	})
}

// TestScheduleLockContended: of two processes' handles on one store, one
// holds a flow's lock and the other is told who; another flow is free;
// once released the lock can be taken.
func TestScheduleLockContended(t *testing.T) {
	eachBackend(t, func(t *testing.T, loc string) {
		ctx := context.Background()
		first, second := ScheduleOf(openAt(t, loc), "demo"), ScheduleOf(openAt(t, loc), "demo")
		if err := first.Lock(ctx, "pid 1 on host a"); err != nil {
			t.Fatal(err)
		}
		var locked *ScheduleLockedError
		if err := second.Lock(ctx, "pid 2 on host b"); !errors.As(err, &locked) || locked.Holder != "pid 1 on host a" || locked.Lost {
			t.Fatalf("second lock: %v; want held by pid 1", err)
		}
		other := ScheduleOf(openAt(t, loc), "other")
		if err := other.Lock(ctx, "pid 3"); err != nil {
			t.Fatalf("another flow's lock: %v", err)
		}
		other.Unlock()
		first.Unlock()
		if err := second.Lock(ctx, "pid 2 on host b"); err != nil {
			t.Fatalf("after release: %v", err)
		}
		second.Unlock()
	})
}

// TestScheduleLockLostSession: on PostgreSQL the lock lives in a session;
// when the session ends under a live holder, its next save takes the lock
// again, or reports it lost when another process took it meanwhile.
func TestScheduleLockLostSession(t *testing.T) {
	ctx := context.Background()
	loc := postgresLoc(t)
	first := ScheduleOf(openAt(t, loc), "demo")
	if err := first.Lock(ctx, "pid 1"); err != nil {
		t.Fatal(err)
	}
	admin := openAt(t, loc).(*sqlStore).db
	terminateLockers(t, admin)
	if err := first.Save(ctx, sampleSchedule()); err != nil {
		t.Fatalf("saving after the session ended, nobody else holding the lock: %v", err)
	}
	terminateLockers(t, admin)
	second := ScheduleOf(openAt(t, loc), "demo")
	if err := second.Lock(ctx, "pid 2"); err != nil {
		t.Fatalf("taking the lock of an ended session: %v", err)
	}
	var locked *ScheduleLockedError
	if err := first.Save(ctx, sampleSchedule()); !errors.As(err, &locked) || !locked.Lost || locked.Holder != "pid 2" {
		t.Fatalf("saving after another took the lock: %v; want it lost to pid 2", err)
	}
	first.Unlock()
	second.Unlock()
}

// advisoryLocks selects the sessions holding advisory locks in the test's
// database.
const advisoryLocks = `FROM pg_locks WHERE locktype = 'advisory' AND database = (SELECT oid FROM pg_database WHERE datname = current_database())`

// terminateLockers ends the session holding the advisory lock, as a server
// restart or a dropped connection would, and waits until it has ended
// (pg_terminate_backend only signals it).
func terminateLockers(t *testing.T, db *sql.DB) {
	t.Helper()
	res, err := db.Exec(`SELECT pg_terminate_backend(pid) ` + advisoryLocks)
	if err != nil {
		t.Fatal(err)
	}
	if n, _ := res.RowsAffected(); n != 1 {
		t.Fatalf("%d sessions held an advisory lock, want 1", n)
	}
	for n := 1; n > 0; time.Sleep(10 * time.Millisecond) {
		if err := db.QueryRow(`SELECT COUNT(*) ` + advisoryLocks).Scan(&n); err != nil {
			t.Fatal(err)
		}
	}
}

// TestScheduledTicks: a recorded run's tick is listed by run id, and a
// run left running by a killed loop is marked interrupted, once.
func TestScheduledTicks(t *testing.T) {
	eachBackend(t, func(t *testing.T, loc string) {
		ctx := context.Background()
		s := openAt(t, loc)
		sc := ScheduleOf(s, "demo")
		at := time.Date(2026, 3, 7, 12, 0, 0, 0, time.UTC)
		for _, id := range []string{"a", "b"} {
			if err := s.Begin(ctx, testRun(id, "demo", at)); err != nil {
				t.Fatal(err)
			}
			if err := sc.RecordTick(ctx, ScheduledTick{RunID: id, TickID: "tick-" + id, Scheduled: at, Clock: 1, Attempt: 2}); err != nil {
				t.Fatal(err)
			}
		}
		if err := sc.MarkInterrupted(ctx, []string{"tick-a"}, "killed", at.Add(time.Hour)); err != nil {
			t.Fatal(err)
		}
		for id, want := range map[string]string{"a": StateInterrupted, "b": StateRunning} {
			if d, err := s.Get(ctx, id); err != nil || d.State != want {
				t.Fatalf("run %s: %+v (%v), want %s", id, d, err, want)
			}
		}
		ticks, err := Ticks(ctx, s, "demo")
		if got := ticks["a"]; err != nil || len(ticks) != 2 || got.TickID != "tick-a" || !got.Scheduled.Equal(at) || got.Clock != 1 || got.Attempt != 2 {
			t.Fatalf("ticks %+v (%v)", ticks, err)
		}
		if ticks, _ := Ticks(ctx, s, "other"); len(ticks) != 0 {
			t.Fatalf("another flow's ticks: %+v", ticks)
		}
		if n, err := s.Prune(ctx, "demo", 0, 0); err != nil || n != 2 {
			t.Fatalf("pruned %d (%v), want both runs", n, err)
		}
		if ticks, err := Ticks(ctx, s, ""); err != nil || len(ticks) != 0 {
			t.Fatalf("ticks of pruned runs stayed: %+v (%v)", ticks, err)
		}
	})
}
