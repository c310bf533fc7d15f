package pyfunc

import (
	"context"
	_ "embed"
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"

	"github.com/flowspec/flowspec/internal/subproc"
)

//go:embed worker.py
var workerSource string

// start launches a worker with c's interpreter and search path. Its
// stderr is copied to c's (each line prefixed with the operator it is
// running) and its last lines kept for errors.
func (c *Config) start() (*subproc.Process, error) {
	cmd := exec.Command(c.Interpreter, append([]string{"-u", "-c", workerSource}, c.Path...)...)
	cmd.Env = append(os.Environ(), "PYTHONDONTWRITEBYTECODE=1")
	p, err := subproc.Start(cmd, c.stderr())
	if err != nil {
		return nil, fmt.Errorf("%w: cannot start %s (%s): %v", ErrNoInterpreter, c.Interpreter, c.Source, unwrapExec(err))
	}
	return p, nil
}

// stderr is where workers' output goes.
func (c *Config) stderr() io.Writer {
	if c.Stderr != nil {
		return c.Stderr
	}
	return os.Stderr
}

// callWorker runs one request on a worker of pool and returns its reply as a
// list, wording a worker's death as a Python worker's.
func callWorker(ctx context.Context, pool *subproc.Pool, op string, req []any) ([]any, error) {
	reply, err := pool.Call(ctx, op, req)
	var exit *subproc.Exit
	if errors.As(err, &exit) {
		msg := fmt.Sprintf("the Python worker running %s %s during the call (os._exit, a crash, or killed)", exit.Op, exit.How)
		if exit.Tail != "" {
			msg += "; its last output:\n" + exit.Tail
		}
		return nil, errors.New(msg)
	}
	if err != nil {
		return nil, err
	}
	r, ok := reply.([]any)
	if !ok {
		return nil, fmt.Errorf("the Python worker sent a reply flowspec cannot read: %v", reply)
	}
	return r, nil
}
