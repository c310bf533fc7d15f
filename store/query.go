package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
)

// runColumns are the runs columns scanRun reads, in its order.
const runColumns = `id, flow, file, hash, params, seed, executor, started, ended, heartbeat, state, outputs, error, resumed_from`

// scanRun reads one runs row.
func scanRun(row interface{ Scan(...any) error }) (Run, error) {
	var r Run
	var params, outs string
	var started, ended, beat int64
	err := row.Scan(&r.ID, &r.Flow, &r.File, &r.Hash, &params, &r.Seed, &r.Executor, &started, &ended, &beat, &r.State, &outs, &r.Error, &r.ResumedFrom)
	if err != nil {
		return r, err
	}
	r.Started, r.Ended, r.Heartbeat = fromNanos(started), fromNanos(ended), fromNanos(beat)
	_ = json.Unmarshal([]byte(params), &r.Params)
	_ = json.Unmarshal([]byte(outs), &r.Outputs)
	return r, nil
}

// Runs lists runs, newest first.
func (s *sqlStore) Runs(ctx context.Context, flow string) ([]Run, error) {
	query, args := `SELECT `+runColumns+` FROM runs ORDER BY started DESC, id DESC`, []any{}
	if flow != "" {
		query, args = `SELECT `+runColumns+` FROM runs WHERE flow = ? ORDER BY started DESC, id DESC`, []any{flow}
	}
	rows, err := s.db.QueryContext(ctx, s.d.q(query), args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []Run
	for rows.Next() {
		r, err := scanRun(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, r)
	}
	return out, rows.Err()
}

// Get returns a run with its groups, failures and results.
func (s *sqlStore) Get(ctx context.Context, id string) (*Detail, error) {
	r, err := scanRun(s.db.QueryRowContext(ctx, s.d.q(`SELECT `+runColumns+` FROM runs WHERE id = ?`), id))
	if errors.Is(err, sql.ErrNoRows) {
		return nil, ErrNotFound
	}
	if err != nil {
		return nil, err
	}
	d := &Detail{Run: r}
	if d.Groups, err = s.groups(ctx, id); err != nil {
		return nil, err
	}
	if d.Failures, err = s.failures(ctx, id); err != nil {
		return nil, err
	}
	d.Results, err = s.results(ctx, id)
	return d, err
}

// groups reads a run's groups in the order they were first written.
func (s *sqlStore) groups(ctx context.Context, id string) ([]Group, error) {
	rows, err := s.db.QueryContext(ctx, s.d.q(`SELECT name, op, pos, size, counts, started, ended, done, cached FROM groups WHERE run_id = ? ORDER BY started, name`), id)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []Group
	for rows.Next() {
		var g Group
		var counts string
		var started, ended int64
		var done, cached []byte
		if err := rows.Scan(&g.Name, &g.Op, &g.Pos, &g.Size, &counts, &started, &ended, &done, &cached); err != nil {
			return nil, err
		}
		_ = json.Unmarshal([]byte(counts), &g.Counts)
		g.Started, g.Ended, g.Done, g.Cached = fromNanos(started), fromNanos(ended), Bits(done), Bits(cached)
		out = append(out, g)
	}
	return out, rows.Err()
}

// failures reads a run's failed elements.
func (s *sqlStore) failures(ctx context.Context, id string) ([]Failure, error) {
	rows, err := s.db.QueryContext(ctx, s.d.q(`SELECT key, op, pos, message FROM failures WHERE run_id = ? ORDER BY pos, key`), id)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []Failure
	for rows.Next() {
		var f Failure
		if err := rows.Scan(&f.Key, &f.Op, &f.Pos, &f.Message); err != nil {
			return nil, err
		}
		out = append(out, f)
	}
	return out, rows.Err()
}

// results reads the addresses of a run's stored results.
func (s *sqlStore) results(ctx context.Context, id string) ([]Result, error) {
	rows, err := s.db.QueryContext(ctx, s.d.q(`SELECT grp, idx, hash FROM results WHERE run_id = ? ORDER BY grp, idx`), id)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []Result
	for rows.Next() {
		var r Result
		if err := rows.Scan(&r.Group, &r.Index, &r.Hash); err != nil {
			return nil, err
		}
		out = append(out, r)
	}
	return out, rows.Err()
}
