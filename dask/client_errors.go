package dask

import (
	"context"
	"errors"
	"fmt"
	"io"
	"strings"
	"syscall"
	"time"

	"github.com/flowspec/flowspec/dask/wire"
)

// ErrUnreachable marks errors where no Dask scheduler answered at the
// address: the CLI maps it to its "cannot reach the executor" exit code.
var ErrUnreachable = errors.New("dask scheduler unreachable")

// unreachableError explains a failed TCP connect.
func unreachableError(ctx context.Context, addr string, timeout time.Duration, err error) error {
	switch {
	case errors.Is(err, syscall.ECONNREFUSED):
		return fmt.Errorf("cannot reach Dask scheduler at %s: connection refused (is it running? start one with `make dask-up`): %w", addr, ErrUnreachable)
	case isTimeout(err) || errors.Is(ctx.Err(), context.DeadlineExceeded):
		return fmt.Errorf("cannot reach Dask scheduler at %s: no answer within %s (is the address right and the port open?): %w", addr, timeout, ErrUnreachable)
	}
	return fmt.Errorf("cannot reach Dask scheduler at %s: %v: %w", addr, trimOpError(err), ErrUnreachable)
}

// trimOpError drops Go's "dial tcp 127.0.0.1:9:" prefixes from err.
func trimOpError(err error) string {
	s := err.Error()
	if i := strings.LastIndex(s, ": "); i >= 0 {
		return s[i+2:]
	}
	return s
}

// tlsError explains a failed TLS handshake.
func tlsError(addr string, err error) error {
	return fmt.Errorf("TLS handshake with Dask scheduler at %s failed: %v (check the CA, certificate and key, and that the scheduler expects tls://): %w", addr, trimOpError(err), ErrUnreachable)
}

// handshakeError explains a failed Dask handshake: the port answered TCP
// but not as Dask does.
func handshakeError(addr string, timeout time.Duration, err error) error {
	var fe *wire.FramingError
	switch {
	case strings.Contains(err.Error(), "tls: "):
		return fmt.Errorf("Dask scheduler at %s refused the TLS connection: %v (does it want a client certificate signed by its CA?): %w", addr, trimOpError(err), ErrUnreachable)
	case isTimeout(err):
		return fmt.Errorf("%s did not answer the Dask handshake within %s: is this a Dask scheduler port?: %w", addr, timeout, ErrUnreachable)
	case errors.As(err, &fe):
		return fmt.Errorf("%s answered with bytes that are not a Dask message (%s): is this a Dask scheduler port?: %w", addr, fe.Reason, ErrUnreachable)
	case errors.Is(err, io.EOF), errors.Is(err, io.ErrUnexpectedEOF), errors.Is(err, syscall.ECONNRESET):
		hint := "is this a Dask scheduler port?"
		if strings.HasPrefix(addr, "tcp://") || !strings.Contains(addr, "://") {
			hint = "is this a Dask scheduler port, and does it want tls://?"
		}
		return fmt.Errorf("%s closed the connection during the Dask handshake: %s: %w", addr, hint, ErrUnreachable)
	case errors.Is(err, context.Canceled):
		return err
	}
	return fmt.Errorf("Dask handshake with %s failed: %v: %w", addr, err, ErrUnreachable)
}

// lostError explains an exchange that failed after the handshake.
func lostError(addr, what string, err error) error {
	if errors.Is(err, context.Canceled) || errors.Is(err, context.DeadlineExceeded) {
		return fmt.Errorf("%s on Dask scheduler %s: %w", what, addr, err)
	}
	if isTimeout(err) {
		return fmt.Errorf("%s on Dask scheduler %s: no reply in time", what, addr)
	}
	if errors.Is(err, io.EOF) || errors.Is(err, io.ErrUnexpectedEOF) || errors.Is(err, syscall.ECONNRESET) || errors.Is(err, syscall.EPIPE) {
		return fmt.Errorf("%s on Dask scheduler %s: the scheduler closed the connection (did it stop?)", what, addr)
	}
	return fmt.Errorf("%s on Dask scheduler %s: %w", what, addr, err)
}

// replyError turns an error reply ({status: error|uncaught-error,
// exception, traceback, exception_text}) into an error, or returns nil.
func replyError(addr, what string, reply any) error {
	m, ok := reply.(map[string]any)
	if !ok {
		return nil
	}
	status, _ := m["status"].(string)
	if status != "error" && status != "uncaught-error" {
		return nil
	}
	if re, err := wire.DecodeException(m["exception"], m["traceback"]); err == nil {
		return fmt.Errorf("%s on Dask scheduler %s: %w", what, addr, re)
	}
	if text, ok := m["exception_text"].(string); ok {
		return fmt.Errorf("%s on Dask scheduler %s: %s", what, addr, text)
	}
	return fmt.Errorf("%s on Dask scheduler %s: the scheduler answered %s", what, addr, status)
}
