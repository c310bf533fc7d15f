package client

import (
	"context"
	"crypto/tls"
	"errors"
	"fmt"
	"net"
	"sync"
	"time"

	"github.com/flowspec/flowspec/dask/wire"
)

// DefaultTimeout bounds connecting to a scheduler, each small request, and
// noticing that a scheduler is gone, when DialOptions.Timeout is zero; it is
// also the executor configuration's default.
const DefaultTimeout = 10 * time.Second

// DialOptions configures a connection to a Dask scheduler.
type DialOptions struct {
	// TLS, when set, is used as is for tls:// addresses.
	TLS *tls.Config
	// Security names PEM files for tls:// addresses when TLS is nil.
	Security Security
	// ServerName is sent as the TLS server name (SNI), for a proxy that
	// routes by it (Dask Gateway's wants daskgateway-<cluster>); empty
	// means the address's host, as Dask's Python client sends it.
	ServerName string
	// Timeout bounds connecting, the TLS and Dask handshakes, and each
	// small request (versions, identity, run_function). Gather and the
	// stream are bounded by their contexts only. Zero means DefaultTimeout.
	Timeout time.Duration
}

func (o DialOptions) timeout() time.Duration {
	if o.Timeout > 0 {
		return o.Timeout
	}
	return DefaultTimeout
}

// tlsConfig returns the TLS configuration for addr's host. Like Dask's
// client (which turns check_hostname off), it never checks the host name
// against the certificate, only the chain; the server name is sent only
// to select a certificate or a route.
func (o DialOptions) tlsConfig(host string) (*tls.Config, error) {
	cfg := o.TLS
	if cfg == nil {
		var err error
		if cfg, err = o.Security.TLSConfig(); err != nil {
			return nil, err
		}
	}
	cfg = cfg.Clone()
	cfg.ServerName = o.ServerName
	if cfg.ServerName == "" {
		cfg.ServerName = host // crypto/tls sends no SNI for an IP address, as Python does not
	}
	return cfg, nil
}

// Client talks to one Dask scheduler without Python: request/reply calls
// on one connection (serialised; reopened after a failure), and Start for
// the batched stream that submits graphs and reports task events. A Client
// is safe for concurrent use.
type Client struct {
	addr   string
	opts   DialOptions
	callMu sync.Mutex // one request/reply exchange at a time

	mu       sync.Mutex // guards the fields below
	rpc      *schedulerComm
	versions *SchedulerVersions
	closed   bool
}

// Dial connects to the scheduler at address (tcp://host:port,
// tls://host:port, or host:port), performs the handshakes and reads the
// scheduler's versions, so a successful Dial means a Dask scheduler of a
// supported version answered. Errors match ErrUnreachable when nothing
// Dask-like answered.
func Dial(ctx context.Context, address string, opts DialOptions) (*Client, error) {
	c := &Client{addr: address, opts: opts}
	comm, err := dialScheduler(ctx, address, opts)
	if err != nil {
		return nil, err
	}
	c.rpc = comm
	v, err := c.Versions(ctx)
	if err != nil {
		c.Close()
		return nil, err
	}
	if _, err := supportedVersion(address, v.Distributed); err != nil {
		c.Close()
		return nil, err
	}
	return c, nil
}

// Address returns the address the client was dialled with.
func (c *Client) Address() string { return c.addr }

// Timeout returns the bound on connecting and on each small request:
// DialOptions.Timeout, or DefaultTimeout when that is zero.
func (c *Client) Timeout() time.Duration { return c.opts.timeout() }

// call sends msg on the request connection and reads the reply. timeout 0
// means only ctx bounds the exchange.
func (c *Client) call(ctx context.Context, what string, msg map[string]any, timeout time.Duration) (any, error) {
	c.callMu.Lock()
	defer c.callMu.Unlock()
	comm, err := c.conn(ctx, what)
	if err != nil {
		return nil, err
	}
	if err := comm.write(ctx, msg, timeout); err != nil {
		return nil, c.lost(what, err)
	}
	reply, err := comm.read(ctx, timeout)
	if err != nil {
		return nil, c.lost(what, err)
	}
	if err := replyError(c.addr, what, reply); err != nil {
		return nil, err
	}
	return reply, nil
}

// conn returns the request connection, reopening it after a failure.
func (c *Client) conn(ctx context.Context, what string) (*schedulerComm, error) {
	c.mu.Lock()
	comm, closed := c.rpc, c.closed
	c.mu.Unlock()
	if closed {
		return nil, fmt.Errorf("%s: the Dask client is closed", what)
	}
	if comm != nil && !comm.broken.Load() {
		return comm, nil
	}
	if comm != nil {
		comm.close()
	}
	comm, err := dialScheduler(ctx, c.addr, c.opts)
	if err != nil {
		return nil, err
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.closed {
		comm.close()
		return nil, fmt.Errorf("%s: the Dask client is closed", what)
	}
	c.rpc = comm
	return comm, nil
}

// lost explains a failed exchange, saying so when Close interrupted it.
func (c *Client) lost(what string, err error) error {
	c.mu.Lock()
	closed := c.closed
	c.mu.Unlock()
	if closed {
		return fmt.Errorf("%s: the Dask client was closed during the call", what)
	}
	return lostError(c.addr, what, err)
}

// Close ends the request connection, interrupting a call in progress.
// Streams started from the client stay open until their own Close.
func (c *Client) Close() error {
	c.mu.Lock()
	if c.closed {
		c.mu.Unlock()
		return nil
	}
	c.closed = true
	comm := c.rpc
	c.mu.Unlock()
	if comm == nil {
		return nil
	}
	if err := comm.hangUp(); err != nil && !errors.Is(err, net.ErrClosed) {
		return err
	}
	return nil
}

// Dialect returns the update-graph dialect of the scheduler, read from its
// versions when the client was dialled.
func (c *Client) Dialect() wire.Dialect {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.versions == nil {
		return 0
	}
	d, _ := chooseDialect(c.addr, c.versions.Distributed)
	return d
}

// schedulerVersions returns the versions read at Dial.
func (c *Client) schedulerVersions() *SchedulerVersions {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.versions
}
