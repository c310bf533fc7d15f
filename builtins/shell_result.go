package builtins

import (
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"strings"
	"unicode/utf8"

	"github.com/flowspec/flowspec/value"
)

// exitError describes a command that did not exit with status 0: its exit
// status or the signal that killed it, and the end of its stderr.
func (c *shellCall) exitError(st *os.ProcessState, stderr string) error {
	code, sig := exitStatus(st)
	var what string
	switch {
	case sig != 0:
		what = fmt.Sprintf("%s was killed by signal %d (%s)", c.label, sig, signalName(sig))
	case code != 0:
		what = fmt.Sprintf("%s exited with status %d", c.label, code)
	default:
		return nil
	}
	if stderr == "" {
		return errors.New(what + " (stderr was empty)")
	}
	return errors.New(what + "; stderr ends with:\n" + stderr)
}

// overflowError says that stdout passed max_output and how to allow more.
func (c *shellCall) overflowError() error {
	return fmt.Errorf("%s printed more than %d bytes on stdout, so it was stopped and its output cut there (raise max_output to allow more)",
		c.label, c.max)
}

// decode reads stdout as the output argument says.
func (c *shellCall) decode(out []byte) (any, error) {
	s := strings.TrimRight(decodeText(out), "\n")
	switch c.output {
	case "lines":
		if s == "" {
			return []any{}, nil
		}
		return strings2list(strings.Split(s, "\n")), nil
	case "json":
		return parseJSONOutput(s)
	}
	return s, nil
}

// parseJSONOutput parses stdout as one JSON value, with integers as int
// (a float when beyond int64) and other numbers as float, as Python's json
// module reads them. The error shows how the output starts, not the
// parser's words, which differ between Go and Python.
func parseJSONOutput(s string) (any, error) {
	if strings.Trim(s, " \t\r\n") == "" { // JSON's whitespace
		return nil, errors.New("stdout is empty, not JSON (output: json)")
	}
	d := json.NewDecoder(strings.NewReader(s))
	d.UseNumber()
	var v any
	err := d.Decode(&v)
	if err == nil {
		if _, extra := d.Token(); extra != io.EOF {
			err = errors.New("extra data")
		}
	}
	if err != nil {
		return nil, fmt.Errorf("stdout is not JSON (output: json); it starts with %s", value.Quote(startOf(s)))
	}
	return value.FromJSONNumbers(v), nil
}

// startOf returns the first 60 characters of s, with "..." when cut.
func startOf(s string) string {
	const limit = 60
	if utf8.RuneCountInString(s) <= limit {
		return s
	}
	return string([]rune(s)[:limit]) + "..."
}
