package main

import (
	"errors"
	"strings"
)

// Exit codes, documented in `flowspec --help` and the README.
const (
	exitOK          = 0   // success
	exitRunFailed   = 1   // a task failed
	exitInvalid     = 2   // the flow file or the command line is invalid
	exitUnreachable = 3   // the executor (a Dask cluster) could not be reached
	exitInterrupted = 130 // stopped by Ctrl-C or SIGTERM before finishing
)

// exitError carries an exit code through urfave/cli back to main. An empty
// message means the details were already printed.
type exitError struct {
	code int
	msg  string
}

func (e *exitError) Error() string { return e.msg }

// exitf makes an exitError with a formatted message.
func exitf(code int, format string, args ...any) error {
	return &exitError{code: code, msg: sprintf(format, args...)}
}

// silentExit ends the command with code, its output already written.
func silentExit(code int) error { return &exitError{code: code} }

// exitCodeOf maps an error to the process exit code: usage errors from the
// flag parser are invalid input.
func exitCodeOf(err error) int {
	var ee *exitError
	if errors.As(err, &ee) {
		return ee.code
	}
	if isUsageError(err) {
		return exitInvalid
	}
	return exitRunFailed
}

// isUsageError recognises urfave/cli's messages for bad flags and arguments.
func isUsageError(err error) bool {
	msg := err.Error()
	for _, p := range []string{"flag provided but not defined", "invalid value", "Required flag", "flag needs an argument", "No help topic"} {
		if strings.Contains(msg, p) {
			return true
		}
	}
	return false
}
