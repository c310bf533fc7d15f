package gateway

import (
	"errors"
	"fmt"
)

// ErrUnavailable marks errors where the gateway or its cluster could not
// be used: no answer, refused credentials, an unknown cluster, a cluster
// that failed or stopped. Callers match it with errors.Is.
var ErrUnavailable = errors.New("dask gateway unavailable")

// Error is an answer of the gateway with an error status.
type Error struct {
	Method, URL string
	Status      int
	Msg         string // the gateway's {"error": ...}, or the body's start
	Fix         string // what to do about it
}

func (e *Error) Error() string {
	s := fmt.Sprintf("Dask Gateway: %s %s: HTTP %d", e.Method, e.URL, e.Status)
	if e.Msg != "" {
		s += ": " + e.Msg
	}
	if e.Fix != "" {
		s += " (" + e.Fix + ")"
	}
	return s
}

// Is makes every gateway error match ErrUnavailable.
func (e *Error) Is(target error) bool { return target == ErrUnavailable }

// unavailable is an error that reads as its message and matches
// ErrUnavailable.
type unavailable struct{ msg string }

func (e *unavailable) Error() string        { return e.msg }
func (e *unavailable) Is(target error) bool { return target == ErrUnavailable }

func unavailablef(format string, args ...any) error {
	return &unavailable{fmt.Sprintf(format, args...)}
}
