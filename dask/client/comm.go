package client

import (
	"bufio"
	"context"
	"crypto/tls"
	"errors"
	"fmt"
	"net"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/flowspec/flowspec/dask/wire"
	"github.com/flowspec/flowspec/internal/address"
)

// schedulerComm is one connection to a scheduler after the Dask handshake:
// it writes and reads whole messages, each bounded by a context and an
// optional timeout. A failed or interrupted exchange leaves the connection
// mid-message, so it is marked broken and must be closed.
type schedulerComm struct {
	conn   net.Conn
	r      *bufio.Reader
	addr   string // the address as the user wrote it, for messages
	peer   wire.Handshake
	wmu    sync.Mutex
	broken atomic.Bool // set after any failed or interrupted exchange
}

// dialScheduler connects to addr, performs the TLS handshake when the
// scheme is tls://, and exchanges Dask handshakes, all within opts.Timeout.
func dialScheduler(ctx context.Context, addr string, opts DialOptions) (*schedulerComm, error) {
	scheme, hostport, err := splitAddress(addr)
	if err != nil {
		return nil, err
	}
	budget := opts.timeout()
	if dl, ok := ctx.Deadline(); ok && time.Until(dl) < budget {
		budget = time.Until(dl).Round(time.Millisecond)
	}
	ctx, cancel := context.WithTimeout(ctx, budget)
	defer cancel()
	d := net.Dialer{KeepAlive: 15 * time.Second}
	conn, err := d.DialContext(ctx, "tcp", hostport)
	if err != nil {
		return nil, unreachableError(ctx, addr, budget, err)
	}
	if scheme == "tls" {
		host, _, _ := net.SplitHostPort(hostport)
		if conn, err = startTLS(ctx, conn, addr, host, opts); err != nil {
			return nil, err
		}
	}
	c := &schedulerComm{conn: conn, r: bufio.NewReaderSize(conn, 64<<10), addr: addr}
	if err := c.handshake(ctx, budget); err != nil {
		conn.Close()
		return nil, err
	}
	return c, nil
}

// splitAddress accepts tcp://host:port, tls://host:port and host:port
// (Dask's default port 8786 when the port is missing), checked as every
// address is (address.CheckDask): a malformed one, or one with a password,
// is refused before any connection, its password masked.
func splitAddress(addr string) (scheme, hostport string, err error) {
	scheme, rest, found := strings.Cut(addr, "://")
	if !found {
		scheme, rest = "tcp", addr
	}
	if _, _, err := net.SplitHostPort(rest); err != nil && rest != "" {
		rest = net.JoinHostPort(strings.Trim(rest, "[]"), "8786")
	}
	if p := address.CheckDask(scheme + "://" + rest); p != nil {
		return "", "", p
	}
	if scheme == "gateway" {
		return "", "", fmt.Errorf("%s is a Dask Gateway address, which the gateway's HTTP API resolves to its TLS proxy first (dask.Config.OpenGateway)", address.Redact(addr))
	}
	return scheme, rest, nil
}

// startTLS runs the TLS handshake on conn, sending host (or
// opts.ServerName) as the server name.
func startTLS(ctx context.Context, conn net.Conn, addr, host string, opts DialOptions) (net.Conn, error) {
	cfg, err := opts.tlsConfig(host)
	if err != nil {
		conn.Close()
		return nil, fmt.Errorf("connecting to %s: %w", addr, err)
	}
	tc := tls.Client(conn, cfg)
	if err := tc.HandshakeContext(ctx); err != nil {
		conn.Close()
		return nil, tlsError(addr, err)
	}
	return tc, nil
}

// handshake sends ours and reads the scheduler's.
func (c *schedulerComm) handshake(ctx context.Context, timeout time.Duration) error {
	if err := c.write(ctx, wire.ClientHandshake().Message(), timeout); err != nil {
		return handshakeError(c.addr, timeout, err)
	}
	msg, err := c.read(ctx, timeout)
	if err != nil {
		return handshakeError(c.addr, timeout, err)
	}
	if c.peer, err = wire.ParseHandshake(msg); err != nil {
		return unreachablef("%s answered with a message that is not a Dask handshake (%v): is this a Dask scheduler port?", c.addr, err)
	}
	return nil
}

// write sends one message.
func (c *schedulerComm) write(ctx context.Context, msg any, timeout time.Duration) error {
	frames, err := wire.Dumps(msg)
	if err != nil {
		return err
	}
	c.wmu.Lock()
	defer c.wmu.Unlock()
	stop := c.bound(ctx, timeout, c.conn.SetWriteDeadline)
	err = wire.WriteFrames(c.conn, frames)
	return c.finish(ctx, stop(), err)
}

// read receives one message.
func (c *schedulerComm) read(ctx context.Context, timeout time.Duration) (any, error) {
	stop := c.bound(ctx, timeout, c.conn.SetReadDeadline)
	frames, err := wire.ReadFrames(c.r)
	if err = c.finish(ctx, stop(), err); err != nil {
		return nil, err
	}
	msg, err := wire.Loads(frames)
	if err != nil {
		c.broken.Store(true)
	}
	return msg, err
}

// bound sets a deadline from ctx and timeout and interrupts the I/O when
// ctx is cancelled. The returned stop reports whether ctx fired.
func (c *schedulerComm) bound(ctx context.Context, timeout time.Duration, set func(time.Time) error) func() bool {
	deadline, ok := ctx.Deadline()
	if timeout > 0 && (!ok || time.Until(deadline) > timeout) {
		deadline, ok = time.Now().Add(timeout), true
	}
	if ok {
		set(deadline)
	} else {
		set(time.Time{})
	}
	fired := make(chan struct{})
	stopAfter := context.AfterFunc(ctx, func() { set(time.Unix(1, 0)); close(fired) })
	return func() bool {
		if stopAfter() {
			return false
		}
		<-fired // the past deadline is set; the next bound resets it
		return true
	}
}

// finish turns an I/O error into the context's error when the context
// interrupted it, and marks the connection broken after any error.
func (c *schedulerComm) finish(ctx context.Context, ctxFired bool, err error) error {
	if err == nil {
		return nil
	}
	c.broken.Store(true)
	if ctxFired || ctx.Err() != nil {
		return ctx.Err()
	}
	// The context's deadline doubles as the I/O deadline, which may expire
	// a moment before the context notices.
	if dl, ok := ctx.Deadline(); ok && isTimeout(err) && !time.Now().Before(dl) {
		return context.DeadlineExceeded
	}
	return err
}

// hangUp asks the scheduler to end the connection, as Dask's own clients
// do (best effort, unless the connection is broken), and closes it.
func (c *schedulerComm) hangUp() error {
	if !c.broken.Load() {
		ctx, cancel := context.WithTimeout(context.Background(), time.Second)
		_ = c.write(ctx, map[string]any{"op": "close", "reply": false}, time.Second)
		cancel()
	}
	return c.close()
}

// close ends the connection; it is safe to call more than once.
func (c *schedulerComm) close() error {
	c.broken.Store(true)
	return c.conn.Close()
}

// isTimeout reports whether err is a deadline expiry.
func isTimeout(err error) bool {
	var ne net.Error
	return errors.As(err, &ne) && ne.Timeout()
}
