package store

import (
	"context"
	"database/sql"
	"time"

	"github.com/flowspec/flowspec/compiler"
)

// writeCache files results under their cache addresses; a newer result
// replaces an older one.
func (s *sqlStore) writeCache(ctx context.Context, tx *sql.Tx, b *Batch) error {
	if len(b.Cache) == 0 {
		return nil
	}
	stmt, err := tx.PrepareContext(ctx, s.d.q(`INSERT INTO cache (key, hash, created) VALUES (?, ?, ?)
		ON CONFLICT (key) DO UPDATE SET hash = excluded.hash, created = excluded.created`))
	if err != nil {
		return err
	}
	defer stmt.Close()
	for _, c := range b.Cache {
		if _, err := stmt.ExecContext(ctx, c.Addr, c.Hash, nanos(b.Now)); err != nil {
			return err
		}
	}
	return nil
}

// Cached returns the content addresses filed under addrs since a time.
func (s *sqlStore) Cached(ctx context.Context, addrs []string, since time.Time) (map[string]string, error) {
	out := map[string]string{}
	stmt, err := s.db.PrepareContext(ctx, s.d.q(`SELECT hash FROM cache WHERE key = ? AND created >= ?`))
	if err != nil {
		return nil, err
	}
	defer stmt.Close()
	for _, a := range addrs {
		var h string
		switch err := stmt.QueryRowContext(ctx, a, nanos(since)).Scan(&h); err {
		case nil:
			out[a] = h
		case sql.ErrNoRows:
		default:
			return nil, err
		}
	}
	return out, nil
}

// CacheAddress is task i's cache address: a hash of its operator, its
// arguments and its cache key; false when the task has no cache: or reads
// a result not known before the run (then it runs, and is not cached).
func CacheAddress(g *compiler.Graph, i int) (string, bool) {
	grp := g.GroupOf(i)
	t := &g.Tasks[i]
	if grp.Cache == nil || t.Each {
		return "", false
	}
	args := make([]any, len(t.Args))
	for k := range t.Args {
		v, ok := constValue(&t.Args[k])
		if !ok {
			return "", false
		}
		args[k] = v
	}
	v, err := Encode([]any{"cache", grp.Op, args, grp.Cache.Keys[t.Index]})
	return v.Hash, err == nil
}

// constValue is a's value when it holds no reference.
func constValue(a *compiler.Arg) (any, bool) {
	switch a.Kind {
	case compiler.Const:
		return a.Value, true
	case compiler.List:
		out := make([]any, len(a.Items))
		for k := range a.Items {
			v, ok := constValue(&a.Items[k])
			if !ok {
				return nil, false
			}
			out[k] = v
		}
		return out, true
	case compiler.Map:
		out := make(map[string]any, len(a.Items))
		for k := range a.Items {
			v, ok := constValue(&a.Items[k])
			if !ok {
				return nil, false
			}
			out[a.Names[k]] = v
		}
		return out, true
	}
	return nil, false
}
