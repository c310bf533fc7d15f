package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"os"
	"path/filepath"

	"github.com/flowspec/flowspec/internal/bounded"
)

// InlineLimit is the largest value kept inside the database; larger ones
// are files beside it, named by their content address.
const InlineLimit = 64 << 10

// maxValueFile bounds a value file read back, so a damaged file cannot
// exhaust memory.
const maxValueFile = 1 << 30

// writeValues adds values not yet stored (the same content is stored once).
func (s *sqlStore) writeValues(ctx context.Context, tx *sql.Tx, b *Batch) error {
	stmt, err := tx.PrepareContext(ctx, s.d.q(`INSERT INTO blobs (hash, size, data, created) VALUES (?, ?, ?, ?) ON CONFLICT DO NOTHING`))
	if err != nil {
		return err
	}
	defer stmt.Close()
	for _, v := range b.Values {
		var data []byte
		if len(v.Data) <= InlineLimit {
			data = v.Data
		}
		if _, err := stmt.ExecContext(ctx, v.Hash, len(v.Data), data, nanos(b.Now)); err != nil {
			return err
		}
	}
	return nil
}

// writeFiles writes the large values to files, each atomically.
func (s *sqlStore) writeFiles(vals []Value) error {
	for _, v := range vals {
		if len(v.Data) <= InlineLimit {
			continue
		}
		path := s.valueFile(v.Hash)
		if _, err := os.Stat(path); err == nil {
			continue
		}
		if err := writeAtomic(path, v.Data); err != nil {
			return fmt.Errorf("cannot store a large result: %w", err)
		}
	}
	return nil
}

// valueFile is where the value with address hash lives as a file.
func (s *sqlStore) valueFile(hash string) string {
	return filepath.Join(s.files, hash[:2], hash)
}

// writeAtomic writes data to path through a temporary file and a rename.
func writeAtomic(path string, data []byte) error {
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		return err
	}
	tmp, err := os.CreateTemp(filepath.Dir(path), ".value-*")
	if err != nil {
		return err
	}
	_, err = tmp.Write(data)
	if err == nil {
		err = tmp.Sync()
	}
	if cerr := tmp.Close(); err == nil {
		err = cerr
	}
	if err == nil {
		err = os.Rename(tmp.Name(), path)
	}
	if err != nil {
		os.Remove(tmp.Name())
	}
	return err
}

// Value reads a stored value by its content address.
func (s *sqlStore) Value(ctx context.Context, hash string) (any, error) {
	var size int64
	var data []byte
	err := s.db.QueryRowContext(ctx, s.d.q(`SELECT size, data FROM blobs WHERE hash = ?`), hash).Scan(&size, &data)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, fmt.Errorf("stored value %s is missing from the run store", short(hash))
	}
	if err != nil {
		return nil, err
	}
	if size > InlineLimit {
		if data, err = bounded.ReadFile(s.valueFile(hash), maxValueFile); err != nil {
			return nil, fmt.Errorf("stored value %s: %w", short(hash), err)
		}
	}
	return Decode(data)
}

// short is the first 12 digits of a content address, for messages.
func short(hash string) string {
	if len(hash) > 12 {
		return hash[:12]
	}
	return hash
}
