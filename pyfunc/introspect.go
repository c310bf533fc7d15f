package pyfunc

import (
	"bytes"
	"context"
	_ "embed"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"strings"
	"time"

	"github.com/flowspec/flowspec/value"
)

//go:embed introspect.py
var introspectSource string

// Module is what Python says of one module: its file and its public
// functions, or the exception importing it raised.
type Module struct {
	File      string               `json:"file"`
	Functions map[string]*Function `json:"functions"`
	Error     *ImportError         `json:"error,omitempty"`
}

// Function is one function's signature, first doc line and markers.
type Function struct {
	Params    []PyParam `json:"params"`
	Doc       string    `json:"doc"`
	Pure      bool      `json:"pure"`
	Batchable bool      `json:"batchable"`
}

// PyParam is one parameter as Python declares it. Kind is "positional"
// (positional-only), "either", "keyword" (keyword-only) or "var" (*args,
// **kwargs, which flows cannot fill). Default is set when it is plain data;
// OpaqueDefault (its repr) when it is not, and the function then gets its
// own default whenever the flow passes null or nothing.
type PyParam struct {
	Name          string `json:"name"`
	Kind          string `json:"kind"`
	Required      bool   `json:"required"`
	Default       any    `json:"default"`
	OpaqueDefault string `json:"opaque_default,omitempty"`
}

// ImportError is the exception importing a module raised; Missing is set
// when the module itself was not found.
type ImportError struct {
	Class   string `json:"class"`
	Message string `json:"message"`
	Missing bool   `json:"missing"`
}

func (e *ImportError) Error() string { return e.Class + ": " + e.Message }

// introspectTimeout bounds one introspection: importing a module that
// hangs must not hang validate.
const introspectTimeout = time.Minute

// ErrNoInterpreter marks an interpreter that cannot be started.
var ErrNoInterpreter = errors.New("no Python interpreter")

// introspect asks Python about module, searching c.Path first.
func (c *Config) introspect(module string) (*Module, error) {
	ctx, cancel := context.WithTimeout(context.Background(), introspectTimeout)
	defer cancel()
	cmd := exec.CommandContext(ctx, c.Interpreter, append([]string{"-c", introspectSource, module}, c.Path...)...)
	cmd.Env = append(os.Environ(), "PYTHONDONTWRITEBYTECODE=1")
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	err := cmd.Run()
	var exitErr *exec.ExitError
	switch {
	case err != nil && !errors.As(err, &exitErr):
		return nil, fmt.Errorf("%w: cannot run %s (%s): %v", ErrNoInterpreter, c.Interpreter, c.Source, unwrapExec(err))
	case err != nil:
		return nil, fmt.Errorf("%s %s asking about module %s: %s", c.Interpreter, exitErr, module, lastLine(stderr.String()))
	}
	m, err := decodeModule(stdout.Bytes())
	if err != nil {
		return nil, fmt.Errorf("%s gave no answer about module %s: %s", c.Interpreter, module, lastLine(stderr.String()))
	}
	return m, nil
}

// decodeModule reads an answer, with integer defaults as int64 (JSON alone
// would make 10 a float).
func decodeModule(b []byte) (*Module, error) {
	dec := json.NewDecoder(bytes.NewReader(b))
	dec.UseNumber()
	var m Module
	if err := dec.Decode(&m); err != nil {
		return nil, err
	}
	for _, f := range m.Functions {
		for i := range f.Params {
			f.Params[i].Default = value.FromJSONNumbers(f.Params[i].Default)
		}
	}
	return &m, nil
}

// unwrapExec drops exec's repetition of the command from err.
func unwrapExec(err error) error {
	var ee *exec.Error
	if errors.As(err, &ee) {
		return ee.Err
	}
	return err
}

// lastLine is the last non-empty line of s, for one-line messages.
func lastLine(s string) string {
	lines := strings.Split(strings.TrimSpace(s), "\n")
	return strings.TrimSpace(lines[len(lines)-1])
}
