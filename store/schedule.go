package store

import (
	"context"
	"database/sql"
	"errors"
	"time"
)

// ScheduleState is a flow's schedule state as the run store keeps it: what
// runtime/schedule's State holds (which this package does not import),
// in the tables schedules and schedule_runs, keyed by the flow's name.
type ScheduleState struct {
	// Tick is the latest tick the loop acted on, zero for none; Clock is
	// the index of the clock it came from.
	Tick  time.Time
	Clock int
	// LastRun is the latest scheduled run that finished, nil for none.
	LastRun *ScheduleRun
	// Running are the runs started and not yet finished.
	Running []ScheduleRun
}

// ScheduleRun is a scheduled run in a flow's schedule state: TickID is the
// loop's id of the run (its tick's time, clock and attempt), not the run
// store's.
type ScheduleRun struct {
	TickID    string
	Scheduled time.Time
	Clock     int
	Attempt   int
	Started   time.Time
	Finished  time.Time // zero while running
	State     string
	Error     string
}

// Schedule is one flow's schedule in a run store: its state, the lock that
// lets one loop at a time run its ticks, and the ticks of its recorded runs.
type Schedule struct {
	s    *sqlStore
	flow string
	held *scheduleLock // nil until Lock succeeds
}

// ScheduleOf returns flow's schedule in st, or nil when st is not a store
// Open returned.
func ScheduleOf(st Store, flow string) *Schedule {
	s, ok := st.(*sqlStore)
	if !ok {
		return nil
	}
	return &Schedule{s: s, flow: flow}
}

// Load reads the schedule state; found is false when the store has none
// for the flow yet (a first start, or one that should import a state file).
func (sc *Schedule) Load(ctx context.Context) (st ScheduleState, found bool, err error) {
	var tick int64
	row := sc.s.db.QueryRowContext(ctx, sc.s.d.q(`SELECT last_tick, last_clock FROM schedules WHERE flow = ?`), sc.flow)
	if err := row.Scan(&tick, &st.Clock); errors.Is(err, sql.ErrNoRows) {
		return st, false, nil
	} else if err != nil {
		return st, false, err
	}
	st.Tick = fromNanos(tick)
	runs, err := sc.runs(ctx)
	for _, r := range runs {
		if r.Finished.IsZero() {
			st.Running = append(st.Running, r)
		} else {
			st.LastRun = &r
		}
	}
	return st, true, err
}

// runs reads the flow's schedule_runs rows, oldest start first.
func (sc *Schedule) runs(ctx context.Context) ([]ScheduleRun, error) {
	rows, err := sc.s.db.QueryContext(ctx, sc.s.d.q(`SELECT tick_id, scheduled, clock, attempt, started, finished, state, error
		FROM schedule_runs WHERE flow = ? ORDER BY started, tick_id`), sc.flow)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []ScheduleRun
	for rows.Next() {
		var r ScheduleRun
		var scheduled, started, finished int64
		if err := rows.Scan(&r.TickID, &scheduled, &r.Clock, &r.Attempt, &started, &finished, &r.State, &r.Error); err != nil {
			return nil, err
		}
		r.Scheduled, r.Started, r.Finished = fromNanos(scheduled), fromNanos(started), fromNanos(finished)
		out = append(out, r)
	}
	return out, rows.Err()
}

// Save replaces the flow's schedule state in one transaction. While the
// lock is held on PostgreSQL it is written on the lock's session, which
// proves the lock is still this process's (see scheduleLock.exec).
func (sc *Schedule) Save(ctx context.Context, st ScheduleState) error {
	return sc.inTx(ctx, func(tx *sql.Tx) error {
		if _, err := tx.ExecContext(ctx, sc.s.d.q(`INSERT INTO schedules (flow, last_tick, last_clock) VALUES (?, ?, ?)
			ON CONFLICT (flow) DO UPDATE SET last_tick = excluded.last_tick, last_clock = excluded.last_clock`),
			sc.flow, nanos(st.Tick), st.Clock); err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, sc.s.d.q(`DELETE FROM schedule_runs WHERE flow = ?`), sc.flow); err != nil {
			return err
		}
		runs := st.Running
		if st.LastRun != nil {
			runs = append(runs[:len(runs):len(runs)], *st.LastRun)
		}
		for _, r := range runs {
			if err := sc.insertRun(ctx, tx, r); err != nil {
				return err
			}
		}
		return nil
	})
}

// insertRun writes one schedule_runs row: a run under way, or the last one.
func (sc *Schedule) insertRun(ctx context.Context, tx *sql.Tx, r ScheduleRun) error {
	kind := "running"
	if !r.Finished.IsZero() {
		kind = "last"
	}
	_, err := tx.ExecContext(ctx, sc.s.d.q(`INSERT INTO schedule_runs
		(flow, kind, tick_id, scheduled, clock, attempt, started, finished, state, error) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`),
		sc.flow, kind, r.TickID, nanos(r.Scheduled), r.Clock, r.Attempt, nanos(r.Started), nanos(r.Finished), r.State, r.Error)
	return err
}

// inTx runs f in a transaction: on the lock's session when one is held on
// PostgreSQL, else on any connection of the pool.
func (sc *Schedule) inTx(ctx context.Context, f func(*sql.Tx) error) error {
	if sc.held != nil && sc.s.d.numbered {
		return sc.held.inTx(ctx, sc, f)
	}
	return txOn(ctx, sc.s.db, f)
}
