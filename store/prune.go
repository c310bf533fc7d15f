package store

import (
	"context"
	"os"
	"time"
)

// Prune deletes old runs and then the values no remaining run refers to.
func (s *sqlStore) Prune(ctx context.Context, flow string, keep int, olderThan time.Duration) (int, error) {
	runs, err := s.Runs(ctx, flow)
	if err != nil {
		return 0, err
	}
	seen := map[string]int{}
	var drop []string
	cutoff := time.Now().Add(-olderThan)
	for _, r := range runs { // newest first
		seen[r.Flow]++
		tooMany := keep >= 0 && seen[r.Flow] > keep
		tooOld := olderThan > 0 && r.State != StateRunning && r.Started.Before(cutoff)
		if tooMany || tooOld {
			drop = append(drop, r.ID)
		}
	}
	if err := s.deleteRuns(ctx, drop); err != nil {
		return 0, err
	}
	return len(drop), s.dropUnused(ctx)
}

// deleteRuns deletes runs and what they recorded (results, failures,
// groups, a scheduled run's tick), in one transaction.
func (s *sqlStore) deleteRuns(ctx context.Context, ids []string) error {
	tx, err := s.db.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	for _, id := range ids {
		for _, table := range []string{"results", "failures", "groups", "scheduled"} {
			if _, err := tx.ExecContext(ctx, s.d.q(`DELETE FROM `+table+` WHERE run_id = ?`), id); err != nil {
				return err
			}
		}
		if _, err := tx.ExecContext(ctx, s.d.q(`DELETE FROM runs WHERE id = ?`), id); err != nil {
			return err
		}
	}
	return tx.Commit()
}

// dropUnused deletes values no result refers to, and their files. Values
// written in the last hour are kept: a running run may be about to refer
// to them.
func (s *sqlStore) dropUnused(ctx context.Context) error {
	cutoff := nanos(time.Now().Add(-time.Hour))
	rows, err := s.db.QueryContext(ctx, s.d.q(`SELECT hash, size FROM blobs WHERE created < ? AND hash NOT IN (SELECT hash FROM results) AND hash NOT IN (SELECT hash FROM cache)`), cutoff)
	if err != nil {
		return err
	}
	var gone []string
	var big []string
	for rows.Next() {
		var h string
		var size int64
		if err := rows.Scan(&h, &size); err != nil {
			rows.Close()
			return err
		}
		gone = append(gone, h)
		if size > InlineLimit {
			big = append(big, h)
		}
	}
	rows.Close()
	for _, h := range gone {
		if _, err := s.db.ExecContext(ctx, s.d.q(`DELETE FROM blobs WHERE hash = ? AND hash NOT IN (SELECT hash FROM results) AND hash NOT IN (SELECT hash FROM cache)`), h); err != nil {
			return err
		}
	}
	for _, h := range big {
		os.Remove(s.valueFile(h))
	}
	return nil
}
