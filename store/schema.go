package store

import (
	"context"
	"database/sql"
	"fmt"
)

// migrations are the schema's steps, in order: migrations[i] takes a
// store from version i to i+1. A released step never changes; a new
// schema is a new step, so a store of any earlier version upgrades.
var migrations = [][]string{
	{ // 1: runs, their groups and failures
		`CREATE TABLE runs (
			id TEXT PRIMARY KEY, flow TEXT NOT NULL, file TEXT NOT NULL, hash TEXT NOT NULL,
			params TEXT NOT NULL, seed BIGINT NOT NULL, executor TEXT NOT NULL,
			started BIGINT NOT NULL, ended BIGINT NOT NULL DEFAULT 0, heartbeat BIGINT NOT NULL DEFAULT 0,
			state TEXT NOT NULL, outputs TEXT NOT NULL DEFAULT '[]', error TEXT NOT NULL DEFAULT '',
			resumed_from TEXT NOT NULL DEFAULT '')`,
		`CREATE INDEX runs_flow ON runs (flow, started)`,
		`CREATE TABLE groups (
			run_id TEXT NOT NULL, name TEXT NOT NULL, op TEXT NOT NULL, pos TEXT NOT NULL, size BIGINT NOT NULL,
			counts TEXT NOT NULL, started BIGINT NOT NULL, ended BIGINT NOT NULL, done BLOB,
			PRIMARY KEY (run_id, name))`,
		`CREATE TABLE failures (
			run_id TEXT NOT NULL, key TEXT NOT NULL, op TEXT NOT NULL, pos TEXT NOT NULL, message TEXT NOT NULL,
			PRIMARY KEY (run_id, key))`,
	},
	{ // 2: persisted results, by content address
		`CREATE TABLE results (
			run_id TEXT NOT NULL, grp TEXT NOT NULL, idx BIGINT NOT NULL, hash TEXT NOT NULL,
			PRIMARY KEY (run_id, grp, idx))`,
		`CREATE TABLE blobs (hash TEXT PRIMARY KEY, size BIGINT NOT NULL, data BLOB, created BIGINT NOT NULL)`,
	},
	{ // 3: the cache: a result's address by operator, arguments and key
		`CREATE TABLE cache (key TEXT PRIMARY KEY, hash TEXT NOT NULL, created BIGINT NOT NULL)`,
		`ALTER TABLE groups ADD COLUMN cached BLOB`,
	},
	{ // 4: schedule state (was a JSON file beside the flow) and scheduled runs' ticks
		`CREATE TABLE schedules (flow TEXT PRIMARY KEY, last_tick BIGINT NOT NULL, last_clock BIGINT NOT NULL)`,
		`CREATE TABLE schedule_holders (flow TEXT PRIMARY KEY, holder TEXT NOT NULL)`,
		`CREATE TABLE schedule_runs (
			flow TEXT NOT NULL, kind TEXT NOT NULL, tick_id TEXT NOT NULL, scheduled BIGINT NOT NULL,
			clock BIGINT NOT NULL, attempt BIGINT NOT NULL, started BIGINT NOT NULL, finished BIGINT NOT NULL,
			state TEXT NOT NULL, error TEXT NOT NULL, PRIMARY KEY (flow, kind, tick_id))`,
		`CREATE TABLE scheduled (
			run_id TEXT PRIMARY KEY, flow TEXT NOT NULL, tick_id TEXT NOT NULL, scheduled BIGINT NOT NULL,
			clock BIGINT NOT NULL, attempt BIGINT NOT NULL)`,
		`CREATE INDEX scheduled_tick ON scheduled (flow, tick_id)`,
	},
}

// SchemaVersion is the version this flowspec writes.
var SchemaVersion = len(migrations)

// migrate brings the store to SchemaVersion, one step per transaction.
// A store newer than this flowspec is refused, not touched.
func (s *sqlStore) migrate(ctx context.Context) error {
	return s.migrateTo(ctx, len(migrations))
}

// migrateTo brings the store to version want (tests stop at earlier ones).
func (s *sqlStore) migrateTo(ctx context.Context, want int) error {
	var v sql.NullInt64
	err := s.db.QueryRowContext(ctx, `SELECT MAX(version) FROM schema_version`).Scan(&v)
	if err == nil && int(v.Int64) == want {
		return nil // up to date: opening takes no write lock
	}
	if _, err := s.db.ExecContext(ctx, `CREATE TABLE IF NOT EXISTS schema_version (version BIGINT NOT NULL)`); err != nil {
		return err
	}
	for {
		done, err := s.step(ctx, want)
		if err != nil || done {
			return err
		}
	}
}

// step applies the next migration in a transaction that first re-reads the
// version, so two processes opening a new store apply each step once.
func (s *sqlStore) step(ctx context.Context, want int) (bool, error) {
	tx, err := s.db.BeginTx(ctx, nil)
	if err != nil {
		return false, err
	}
	defer tx.Rollback()
	if s.d.numbered { // PostgreSQL: one migrating process at a time
		if _, err := tx.ExecContext(ctx, `SELECT pg_advisory_xact_lock(7215)`); err != nil {
			return false, err
		}
	}
	v, err := version(ctx, tx)
	if err != nil {
		return false, err
	}
	switch {
	case v > len(migrations):
		return false, fmt.Errorf("its schema is version %d, newer than this flowspec's %d: upgrade flowspec", v, len(migrations))
	case v >= want:
		return true, nil
	}
	for _, stmt := range migrations[v] {
		if _, err := tx.ExecContext(ctx, s.d.q(stmt)); err != nil {
			return false, fmt.Errorf("migrating to schema version %d: %w", v+1, err)
		}
	}
	if err := setVersion(ctx, tx, s.d, v+1); err != nil {
		return false, err
	}
	return false, tx.Commit()
}

// version reads the schema version; 0 for a new store.
func version(ctx context.Context, tx *sql.Tx) (int, error) {
	var v sql.NullInt64
	if err := tx.QueryRowContext(ctx, `SELECT MAX(version) FROM schema_version`).Scan(&v); err != nil {
		return 0, err
	}
	return int(v.Int64), nil
}

// setVersion records the schema version as the table's one row.
func setVersion(ctx context.Context, tx *sql.Tx, d dialect, v int) error {
	if _, err := tx.ExecContext(ctx, `DELETE FROM schema_version`); err != nil {
		return err
	}
	_, err := tx.ExecContext(ctx, d.q(`INSERT INTO schema_version (version) VALUES (?)`), v)
	return err
}
