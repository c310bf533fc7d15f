package store

import (
	"context"
	"database/sql"
	"database/sql/driver"
	"errors"
	"fmt"
	"hash/fnv"
	"net/url"
	"os"
	"path/filepath"
	"time"

	"github.com/flowspec/flowspec/internal/flock"
)

// ScheduleLockedError is Lock's error (and Save's, when the lock was lost)
// while another process holds a flow's schedule lock.
type ScheduleLockedError struct {
	Flow   string
	Holder string // what that process wrote when it took the lock; "" if nothing yet
	Lost   bool   // this process held the lock and lost it (its session ended)
}

// Error says who holds the lock.
func (e *ScheduleLockedError) Error() string {
	holder := e.Holder
	if holder == "" {
		holder = "another process"
	}
	if e.Lost {
		return fmt.Sprintf("lost the schedule lock of flow %s (the database session holding it ended) and %s has it now", e.Flow, holder)
	}
	return fmt.Sprintf("%s holds the schedule lock of flow %s", holder, e.Flow)
}

// scheduleLock is a held schedule lock: on SQLite an flock on a file
// beside the database, which the kernel drops when the process ends
// however it ends; on PostgreSQL a session advisory lock on a connection
// kept for it, which the server drops when the session ends (a SIGKILLed
// process's socket closes at once; a vanished machine's is found dead by
// the TCP keepalives set on the session).
type scheduleLock struct {
	file   *os.File
	conn   *sql.Conn
	holder string
}

// keepalives make the server notice within about a minute that the
// machine holding a session vanished (power loss, a cut network), so its
// advisory lock does not outlive it by the system's default two hours.
var keepalives = []string{`SET tcp_keepalives_idle = 30`, `SET tcp_keepalives_interval = 10`, `SET tcp_keepalives_count = 3`}

// Lock takes the flow's schedule lock without waiting and records holder
// (who this process is) for the message the next one gets. Another holder
// is a *ScheduleLockedError.
func (sc *Schedule) Lock(ctx context.Context, holder string) error {
	var l *scheduleLock
	var err error
	if sc.s.d.numbered {
		l, err = sc.lockSessionSoon(ctx)
	} else {
		l, err = sc.lockFile()
	}
	if err != nil {
		return err
	}
	if l == nil {
		return &ScheduleLockedError{Flow: sc.flow, Holder: sc.holder(ctx)}
	}
	l.holder, sc.held = holder, l
	return sc.writeHolder(ctx)
}

// Unlock gives the lock up, if held.
func (sc *Schedule) Unlock() {
	if l := sc.held; l != nil {
		if l.file != nil {
			_ = flock.Unlock(l.file)
			l.file.Close()
		}
		discard(l.conn)
		sc.held = nil
	}
}

// lockFile flocks the flow's lock file beside the SQLite database; nil
// and no error when another process holds it.
func (sc *Schedule) lockFile() (*scheduleLock, error) {
	path := filepath.Join(filepath.Dir(sc.s.loc), "schedule-locks", url.PathEscape(sc.flow)+".lock")
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		return nil, fmt.Errorf("cannot create the schedule lock's directory: %w", err)
	}
	f, err := os.OpenFile(path, os.O_RDWR|os.O_CREATE, 0o644)
	if err != nil {
		return nil, fmt.Errorf("cannot open the schedule lock: %w", err)
	}
	held, err := flock.TryLock(f)
	if err != nil || held {
		f.Close()
		if err != nil {
			return nil, fmt.Errorf("cannot lock %s: %w", path, err)
		}
		return nil, nil
	}
	return &scheduleLock{file: f}, nil
}

// lockSession takes the flow's advisory lock on a connection of its own;
// nil and no error when another session holds it.
func (sc *Schedule) lockSession(ctx context.Context) (*scheduleLock, error) {
	conn, err := sc.s.db.Conn(ctx)
	if err != nil {
		return nil, err
	}
	for _, set := range keepalives {
		if _, err := conn.ExecContext(ctx, set); err != nil {
			discard(conn)
			return nil, err
		}
	}
	var got bool
	if err := conn.QueryRowContext(ctx, `SELECT pg_try_advisory_lock($1)`, lockKey(sc.flow)).Scan(&got); err != nil || !got {
		discard(conn)
		return nil, err
	}
	return &scheduleLock{conn: conn}, nil
}

// sessionGone is how long Lock keeps trying a PostgreSQL lock that is
// held: the session of a holder killed a moment ago ends as soon as the
// server reads the closed socket, which a restart can beat by a few
// milliseconds.
const sessionGone = 2 * time.Second

// lockSessionSoon is lockSession, tried again for up to sessionGone while
// another session holds the lock.
func (sc *Schedule) lockSessionSoon(ctx context.Context) (*scheduleLock, error) {
	deadline := time.Now().Add(sessionGone)
	for {
		l, err := sc.lockSession(ctx)
		if l != nil || err != nil || time.Now().After(deadline) {
			return l, err
		}
		time.Sleep(50 * time.Millisecond)
	}
}

// lockKey is the advisory lock key of a flow's schedule: 64 bits of a
// hash of its name, in a namespace of flowspec's own (the migrations'
// key is a small number).
func lockKey(flow string) int64 {
	h := fnv.New64a()
	h.Write([]byte("flowspec schedule\x00" + flow))
	return int64(h.Sum64())
}

// discard closes a connection instead of returning it to the pool, so no
// session lock it holds can outlive the hold.
func discard(conn *sql.Conn) {
	if conn != nil {
		_ = conn.Raw(func(any) error { return driver.ErrBadConn })
		conn.Close()
	}
}

// writeHolder records who holds the lock.
func (sc *Schedule) writeHolder(ctx context.Context) error {
	_, err := sc.s.db.ExecContext(ctx, sc.s.d.q(`INSERT INTO schedule_holders (flow, holder) VALUES (?, ?)
		ON CONFLICT (flow) DO UPDATE SET holder = excluded.holder`), sc.flow, sc.held.holder)
	return err
}

// holder reads who holds the lock, "" when unknown.
func (sc *Schedule) holder(ctx context.Context) string {
	var h string
	_ = sc.s.db.QueryRowContext(ctx, sc.s.d.q(`SELECT holder FROM schedule_holders WHERE flow = ?`), sc.flow).Scan(&h)
	return h
}

// inTx runs f in a transaction on the lock's session. When the session
// has ended (the server restarted, the network dropped it) the lock went
// with it: it is taken again on a new session, unless another process
// took it meanwhile, which is a lost lock (*ScheduleLockedError, Lost).
func (l *scheduleLock) inTx(ctx context.Context, sc *Schedule, f func(*sql.Tx) error) error {
	var err error
	if l.conn != nil {
		err = txOn(ctx, l.conn, f)
		if err == nil || ctx.Err() != nil || l.conn.PingContext(ctx) == nil {
			return err
		}
		discard(l.conn)
		l.conn = nil
	}
	again, lerr := sc.lockSession(ctx)
	if lerr != nil {
		return errors.Join(err, lerr)
	}
	if again == nil {
		return &ScheduleLockedError{Flow: sc.flow, Holder: sc.holder(ctx), Lost: true}
	}
	l.conn = again.conn
	if err := sc.writeHolder(ctx); err != nil {
		return err
	}
	return txOn(ctx, l.conn, f)
}

// txBeginner is what transactions start on: the pool (*sql.DB) or one
// session (*sql.Conn, the one holding a PostgreSQL advisory lock).
type txBeginner interface {
	BeginTx(ctx context.Context, opts *sql.TxOptions) (*sql.Tx, error)
}

// txOn runs f in a transaction on conn, committed when f succeeds.
func txOn(ctx context.Context, conn txBeginner, f func(*sql.Tx) error) error {
	tx, err := conn.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	if err := f(tx); err != nil {
		return err
	}
	return tx.Commit()
}
