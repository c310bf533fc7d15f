package client

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"strings"
	"syscall"
	"time"

	"github.com/flowspec/flowspec/dask/wire"
)

// ErrUnreachable marks errors where no Dask scheduler answered at the
// address (errors.Is(err, ErrUnreachable)): the CLI maps it to its "cannot
// reach the executor" exit code.
var ErrUnreachable = errors.New("dask scheduler unreachable")

// unreachable is an error that reads as its message and matches
// ErrUnreachable.
type unreachable struct{ msg string }

func (e *unreachable) Error() string        { return e.msg }
func (e *unreachable) Is(target error) bool { return target == ErrUnreachable }

func unreachablef(format string, args ...any) error {
	return &unreachable{fmt.Sprintf(format, args...)}
}

// unreachableError explains a failed TCP connect.
func unreachableError(ctx context.Context, addr string, timeout time.Duration, err error) error {
	switch {
	case errors.Is(err, syscall.ECONNREFUSED):
		return unreachablef("cannot reach Dask scheduler at %s: connection refused (is it running? start one with `dask scheduler` and a worker with `dask worker %s`, both from `pip install distributed`; the README's \"Running on Dask\" has the details)", addr, addr)
	case isTimeout(err) || errors.Is(ctx.Err(), context.DeadlineExceeded):
		return unreachablef("cannot reach Dask scheduler at %s: no answer within %s (is the address right and the port open?)", addr, timeout)
	}
	return unreachablef("cannot reach Dask scheduler at %s: %v", addr, trimOpError(err))
}

// trimOpError drops Go's "dial tcp 127.0.0.1:9:" prefix from err.
func trimOpError(err error) string {
	var op *net.OpError
	if errors.As(err, &op) && op.Err != nil {
		return op.Err.Error()
	}
	return err.Error()
}

// tlsError explains a failed TLS handshake.
func tlsError(addr string, err error) error {
	msg := trimOpError(err)
	if !strings.Contains(msg, "configured CA") {
		msg += " (is it a tls:// scheduler, and are the CA, certificate and key right?)"
	}
	return unreachablef("TLS handshake with Dask scheduler at %s failed: %s", addr, msg)
}

// handshakeError explains a failed Dask handshake: the port answered TCP
// but not as Dask does.
func handshakeError(addr string, timeout time.Duration, err error) error {
	var fe *wire.FramingError
	switch {
	case strings.Contains(err.Error(), "tls: "):
		return unreachablef("Dask scheduler at %s refused the TLS connection: %v (does it want a client certificate signed by its CA?)", addr, trimOpError(err))
	case isTimeout(err):
		return unreachablef("%s did not answer the Dask handshake within %s: is this a Dask scheduler port?", addr, timeout)
	case errors.As(err, &fe):
		return unreachablef("%s answered with bytes that are not a Dask message (%s): is this a Dask scheduler port?", addr, fe.Reason)
	case strings.HasPrefix(addr, "tls://") && isHangUp(err):
		// A scheduler that wants a client certificate may hang up before
		// its TLS alert reaches us.
		return unreachablef("Dask scheduler at %s refused the TLS connection: it hung up during the handshake (does it want a client certificate signed by its CA?)", addr)
	case isHangUp(err):
		return unreachablef("%s closed the connection during the Dask handshake: is this a Dask scheduler port, and does it want tls://?", addr)
	case errors.Is(err, context.Canceled):
		return err
	}
	return unreachablef("Dask handshake with %s failed: %v", addr, err)
}

// ErrConnectionLost marks errors where a scheduler that had answered the
// handshake stopped answering (errors.Is(err, ErrConnectionLost)): the
// connection broke or went quiet mid-exchange. A cancelled context is not
// one.
var ErrConnectionLost = errors.New("connection to the dask scheduler lost")

// connLost is an error that reads as its message, matches
// ErrConnectionLost, and unwraps to the connection's error, if kept.
type connLost struct {
	msg string
	err error
}

func (e *connLost) Error() string        { return e.msg }
func (e *connLost) Is(target error) bool { return target == ErrConnectionLost }
func (e *connLost) Unwrap() error        { return e.err }

// lostError explains an exchange that failed after the handshake.
func lostError(addr, what string, err error) error {
	if errors.Is(err, context.Canceled) || errors.Is(err, context.DeadlineExceeded) {
		return fmt.Errorf("%s on Dask scheduler %s: %w", what, addr, err)
	}
	if isTimeout(err) {
		return &connLost{msg: fmt.Sprintf("%s on Dask scheduler %s: no reply in time", what, addr)}
	}
	if isHangUp(err) {
		return &connLost{msg: fmt.Sprintf("%s on Dask scheduler %s: the scheduler closed the connection (did it stop?)", what, addr)}
	}
	return &connLost{msg: fmt.Sprintf("%s on Dask scheduler %s: %v", what, addr, err), err: err}
}

// replyError turns an error reply ({status: error|uncaught-error,
// exception, traceback, exception_text}) into an error, or returns nil.
func replyError(addr, what string, reply any) error {
	m, ok := reply.(map[string]any)
	if !ok {
		return nil
	}
	status, _ := m["status"].(string)
	_, hasExc := m["exception"]
	if status != "error" && status != "uncaught-error" || !hasExc {
		return nil // not an error, or one the caller explains (gather's missing keys)
	}
	if re, err := wire.DecodeException(m["exception"], m["traceback"]); err == nil {
		return fmt.Errorf("%s on Dask scheduler %s: %w", what, addr, re)
	}
	if text, ok := m["exception_text"].(string); ok {
		return fmt.Errorf("%s on Dask scheduler %s: %s", what, addr, text)
	}
	return fmt.Errorf("%s on Dask scheduler %s: the scheduler answered %s", what, addr, status)
}

// isHangUp reports whether err means the peer closed the connection.
func isHangUp(err error) bool {
	return errors.Is(err, io.EOF) || errors.Is(err, io.ErrUnexpectedEOF) ||
		errors.Is(err, syscall.ECONNRESET) || errors.Is(err, syscall.EPIPE)
}
