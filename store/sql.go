package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"time"
)

// sqlStore is the Store over database/sql, for both dialects.
type sqlStore struct {
	db    *sql.DB
	d     dialect
	loc   string
	files string // directory of values larger than InlineLimit
}

// Location says where the store is.
func (s *sqlStore) Location() string { return s.loc }

// Close closes the database.
func (s *sqlStore) Close() error { return s.db.Close() }

// Begin records a starting run.
func (s *sqlStore) Begin(ctx context.Context, r *Run) error {
	params, _ := json.Marshal(r.Params)
	_, err := s.db.ExecContext(ctx, s.d.q(`INSERT INTO runs
		(id, flow, file, hash, params, seed, executor, started, heartbeat, state, resumed_from)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`),
		r.ID, r.Flow, r.File, r.Hash, string(params), r.Seed, r.Executor, nanos(r.Started), nanos(r.Started), r.State, r.ResumedFrom)
	return err
}

// Finish records how a run ended.
func (s *sqlStore) Finish(ctx context.Context, r *Run) error {
	outs, _ := json.Marshal(r.Outputs)
	_, err := s.db.ExecContext(ctx, s.d.q(`UPDATE runs SET ended = ?, heartbeat = ?, state = ?, outputs = ?, error = ?, executor = ? WHERE id = ?`),
		nanos(r.Ended), nanos(r.Ended), r.State, string(outs), r.Error, r.Executor, r.ID)
	return err
}

// Write adds a batch of progress in one transaction. Large values are
// written to files first, so a committed row never names a missing file.
func (s *sqlStore) Write(ctx context.Context, b *Batch) error {
	if err := s.writeFiles(b.Values); err != nil {
		return err
	}
	tx, err := s.db.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	for _, step := range []func(context.Context, *sql.Tx, *Batch) error{s.writeValues, s.writeResults, s.writeGroups, s.writeFailures, s.writeCache, s.heartbeat} {
		if err := step(ctx, tx, b); err != nil {
			return err
		}
	}
	return tx.Commit()
}

// writeGroups upserts the groups as they now stand.
func (s *sqlStore) writeGroups(ctx context.Context, tx *sql.Tx, b *Batch) error {
	stmt, err := tx.PrepareContext(ctx, s.d.q(`INSERT INTO groups (run_id, name, op, pos, size, counts, started, ended, done, cached)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
		ON CONFLICT (run_id, name) DO UPDATE SET counts = excluded.counts, started = excluded.started,
		ended = excluded.ended, done = excluded.done, cached = excluded.cached`))
	if err != nil {
		return err
	}
	defer stmt.Close()
	for _, g := range b.Groups {
		counts, _ := json.Marshal(g.Counts)
		if _, err := stmt.ExecContext(ctx, b.Run, g.Name, g.Op, g.Pos, g.Size, string(counts), nanos(g.Started), nanos(g.Ended), []byte(g.Done), []byte(g.Cached)); err != nil {
			return err
		}
	}
	return nil
}

// writeFailures adds failed elements (a retried run's later failure of
// the same key keeps the first).
func (s *sqlStore) writeFailures(ctx context.Context, tx *sql.Tx, b *Batch) error {
	stmt, err := tx.PrepareContext(ctx, s.d.q(`INSERT INTO failures (run_id, key, op, pos, message) VALUES (?, ?, ?, ?, ?) ON CONFLICT DO NOTHING`))
	if err != nil {
		return err
	}
	defer stmt.Close()
	for _, f := range b.Failures {
		if _, err := stmt.ExecContext(ctx, b.Run, f.Key, f.Op, f.Pos, f.Message); err != nil {
			return err
		}
	}
	return nil
}

// writeResults adds the addresses of stored results.
func (s *sqlStore) writeResults(ctx context.Context, tx *sql.Tx, b *Batch) error {
	stmt, err := tx.PrepareContext(ctx, s.d.q(`INSERT INTO results (run_id, grp, idx, hash) VALUES (?, ?, ?, ?)
		ON CONFLICT (run_id, grp, idx) DO UPDATE SET hash = excluded.hash`))
	if err != nil {
		return err
	}
	defer stmt.Close()
	for _, r := range b.Results {
		if _, err := stmt.ExecContext(ctx, b.Run, r.Group, r.Index, r.Hash); err != nil {
			return err
		}
	}
	return nil
}

// heartbeat marks the run as alive.
func (s *sqlStore) heartbeat(ctx context.Context, tx *sql.Tx, b *Batch) error {
	_, err := tx.ExecContext(ctx, s.d.q(`UPDATE runs SET heartbeat = ? WHERE id = ?`), nanos(b.Now), b.Run)
	return err
}

// nanos is t as Unix nanoseconds, 0 for the zero time.
func nanos(t time.Time) int64 {
	if t.IsZero() {
		return 0
	}
	return t.UnixNano()
}

// fromNanos is nanos's inverse.
func fromNanos(n int64) time.Time {
	if n == 0 {
		return time.Time{}
	}
	return time.Unix(0, n)
}
