package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"net/url"
	"os"
	"path/filepath"
	"strings"

	_ "github.com/jackc/pgx/v5/stdlib" // registers "pgx"
	_ "modernc.org/sqlite"             // registers "sqlite"
)

// Off is the location that turns the store off.
const Off = "off"

// DefaultLocation is where the store is when neither --store nor
// FLOWSPEC_STORE says: runs.db in flowspec's directory under the user's
// state directory ($XDG_STATE_HOME, else ~/.local/state).
func DefaultLocation() (string, error) {
	dir := os.Getenv("XDG_STATE_HOME")
	if dir == "" {
		home, err := os.UserHomeDir()
		if err != nil {
			return "", fmt.Errorf("no home directory for the run store (%v): set FLOWSPEC_STORE to a file or a postgres:// URL, or to off", err)
		}
		dir = filepath.Join(home, ".local", "state")
	}
	return filepath.Join(dir, "flowspec", "runs.db"), nil
}

// Open opens the store at loc, creating and migrating it on first use: a
// postgres:// or postgresql:// URL, a sqlite:// URL, or a file path for
// SQLite. For PostgreSQL, large values go to the directory named by the
// URL's flowspec_values parameter (removed before connecting), else to
// the default location's directory.
func Open(ctx context.Context, loc string) (Store, error) {
	if strings.HasPrefix(loc, "postgres://") || strings.HasPrefix(loc, "postgresql://") {
		return openPostgres(ctx, loc)
	}
	return openSQLite(ctx, strings.TrimPrefix(loc, "sqlite://"))
}

// openSQLite opens (or creates) the SQLite database at path.
func openSQLite(ctx context.Context, path string) (Store, error) {
	if path == "" {
		return nil, errors.New("the run store location is empty: give a file, a postgres:// URL, or off")
	}
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		return nil, fmt.Errorf("cannot create the run store's directory: %w", err)
	}
	// WAL lets readers run beside a writer; busy_timeout makes concurrent
	// writers wait for each other instead of failing at once.
	dsn := "file:" + path + "?_pragma=busy_timeout(" + fmt.Sprint(busyTimeout.Milliseconds()) + ")&_pragma=journal_mode(WAL)&_pragma=synchronous(NORMAL)&_txlock=immediate"
	db, err := sql.Open("sqlite", dsn)
	if err != nil {
		return nil, err
	}
	s := &sqlStore{db: db, d: sqliteDialect, loc: path, files: filepath.Join(filepath.Dir(path), "values")}
	if err := s.migrate(ctx); err != nil {
		db.Close()
		return nil, explainSQLite(path, err)
	}
	return s, nil
}

// openPostgres connects to the PostgreSQL server at u.
func openPostgres(ctx context.Context, u string) (Store, error) {
	parsed, err := url.Parse(u)
	if err != nil {
		return nil, fmt.Errorf("the run store URL is not a URL: %v", redactErr(err))
	}
	q := parsed.Query()
	files := q.Get("flowspec_values")
	q.Del("flowspec_values")
	parsed.RawQuery = q.Encode()
	if files == "" {
		def, err := DefaultLocation()
		if err != nil {
			return nil, err
		}
		files = filepath.Join(filepath.Dir(def), "values")
	}
	db, err := sql.Open("pgx", parsed.String())
	if err != nil {
		return nil, err
	}
	s := &sqlStore{db: db, d: postgresDialect, loc: parsed.Redacted(), files: files}
	if err := s.migrate(ctx); err != nil {
		db.Close()
		return nil, fmt.Errorf("the run store at %s: %w", s.loc, err)
	}
	return s, nil
}

// redactErr keeps a URL error's message without the URL, which may hold a
// password.
func redactErr(err error) string {
	var ue *url.Error
	if errors.As(err, &ue) {
		return ue.Err.Error()
	}
	return "malformed"
}

// explainSQLite turns SQLite's errors on opening into what to do.
func explainSQLite(path string, err error) error {
	msg := err.Error()
	switch {
	case strings.Contains(msg, "file is not a database") || strings.Contains(msg, "malformed"):
		return fmt.Errorf("the run store %s is damaged (%v): move it aside and flowspec starts a new one; nothing was changed in it", path, err)
	case strings.Contains(msg, "locked") || strings.Contains(msg, "busy"):
		return fmt.Errorf("the run store %s is locked by another process for longer than %s (%v): wait for it, or use another store with --store", path, busyTimeout, err)
	}
	return fmt.Errorf("the run store %s: %w", path, err)
}
