package store

import (
	"context"
	"time"
)

// ScheduledTick is the tick a recorded run was started for, kept in the
// table scheduled beside the runs table, so `flowspec runs` can show when
// a scheduled run was due and the schedule can mark the runs a killed
// loop left running.
type ScheduledTick struct {
	RunID     string // the run store's id of the run
	Flow      string
	TickID    string // the schedule loop's id of the run, as its log shows it
	Scheduled time.Time
	Clock     int // 0-based, in file order
	Attempt   int // 2 and up: the re-run of an interrupted run
}

// RecordTick files the tick of a scheduled run, and forgets the ticks of
// the flow's runs that were pruned since.
func (sc *Schedule) RecordTick(ctx context.Context, t ScheduledTick) error {
	if _, err := sc.s.db.ExecContext(ctx, sc.s.d.q(`DELETE FROM scheduled WHERE flow = ? AND run_id NOT IN (SELECT id FROM runs)`), sc.flow); err != nil {
		return err
	}
	_, err := sc.s.db.ExecContext(ctx, sc.s.d.q(`INSERT INTO scheduled (run_id, flow, tick_id, scheduled, clock, attempt) VALUES (?, ?, ?, ?, ?, ?)`),
		t.RunID, sc.flow, t.TickID, nanos(t.Scheduled), t.Clock, t.Attempt)
	return err
}

// MarkInterrupted marks the recorded runs of the given ticks (the loop's
// ids) that are still running as interrupted at the given time, with why
// as their error: their process ended without finishing them.
func (sc *Schedule) MarkInterrupted(ctx context.Context, tickIDs []string, why string, at time.Time) error {
	for _, id := range tickIDs {
		_, err := sc.s.db.ExecContext(ctx, sc.s.d.q(`UPDATE runs SET state = ?, ended = ?, error = ?
			WHERE state = ? AND id IN (SELECT run_id FROM scheduled WHERE flow = ? AND tick_id = ?)`),
			StateInterrupted, nanos(at), why, StateRunning, sc.flow, id)
		if err != nil {
			return err
		}
	}
	return nil
}

// Ticks returns the ticks of the scheduled runs in st, of flow ("" for
// every flow), by run id; a run not in it was not scheduled (or st is not
// a store Open returned).
func Ticks(ctx context.Context, st Store, flow string) (map[string]ScheduledTick, error) {
	s, ok := st.(*sqlStore)
	if !ok {
		return nil, nil
	}
	query, args := `SELECT run_id, flow, tick_id, scheduled, clock, attempt FROM scheduled`, []any{}
	if flow != "" {
		query, args = query+` WHERE flow = ?`, []any{flow}
	}
	rows, err := s.db.QueryContext(ctx, s.d.q(query), args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := map[string]ScheduledTick{}
	for rows.Next() {
		var t ScheduledTick
		var at int64
		if err := rows.Scan(&t.RunID, &t.Flow, &t.TickID, &at, &t.Clock, &t.Attempt); err != nil {
			return nil, err
		}
		t.Scheduled = fromNanos(at)
		out[t.RunID] = t
	}
	return out, rows.Err()
}
