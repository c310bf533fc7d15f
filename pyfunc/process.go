package pyfunc

import (
	"bufio"
	"context"
	_ "embed"
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"
	"strings"
	"sync"
	"syscall"
)

//go:embed worker.py
var workerSource string

// process is one long-lived Python worker: it takes one call at a time.
type process struct {
	cmd    *exec.Cmd
	in     io.WriteCloser
	out    *bufio.Reader
	tail   *tail  // its last stderr lines, for the message when it dies
	op     string // the operator of the current call, for stderr lines
	opMu   sync.Mutex
	waited chan struct{} // closed once the process has been reaped
	err    error         // how it exited, once waited is closed
}

// start launches a worker with c's interpreter and search path. Its
// stderr is copied to c's (each line prefixed with the operator it is
// running) and its last lines kept for errors.
func (c *Config) start() (*process, error) {
	cmd := exec.Command(c.Interpreter, append([]string{"-u", "-c", workerSource}, c.Path...)...)
	cmd.Env = append(os.Environ(), "PYTHONDONTWRITEBYTECODE=1")
	cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true} // a timeout kills what it started too
	in, err := cmd.StdinPipe()
	if err != nil {
		return nil, err
	}
	out, err := cmd.StdoutPipe()
	if err != nil {
		return nil, err
	}
	errPipe, err := cmd.StderrPipe()
	if err != nil {
		return nil, err
	}
	if err := cmd.Start(); err != nil {
		return nil, fmt.Errorf("%w: cannot start %s (%s): %v", ErrNoInterpreter, c.Interpreter, c.Source, unwrapExec(err))
	}
	p := &process{cmd: cmd, in: in, out: bufio.NewReaderSize(out, 64<<10), tail: &tail{}, waited: make(chan struct{})}
	go p.copyStderr(errPipe, c.stderr())
	return p, nil
}

// stderr is where workers' output goes.
func (c *Config) stderr() io.Writer {
	if c.Stderr != nil {
		return c.Stderr
	}
	return os.Stderr
}

// copyStderr forwards the worker's stderr line by line, then reaps it.
func (p *process) copyStderr(r io.Reader, w io.Writer) {
	s := bufio.NewScanner(r)
	s.Buffer(make([]byte, 64<<10), 1<<20)
	for s.Scan() {
		line := s.Text()
		p.tail.add(line)
		p.opMu.Lock()
		op := p.op
		p.opMu.Unlock()
		fmt.Fprintf(w, "%s: %s\n", op, line)
	}
	p.err = p.cmd.Wait()
	close(p.waited)
}

// call sends one request and waits for its reply, on the caller's
// goroutine (a goroutine and a channel per call cost a scheduling round
// trip that counts on a busy machine). When ctx ends first the worker is
// killed (its whole process group), which ends the exchange, and the call
// returns ctx.Err(): the caller must drop the process. dead reports
// whether the process can take no further call.
func (p *process) call(ctx context.Context, op string, req []any) (reply []any, dead bool, err error) {
	p.opMu.Lock()
	p.op = op
	p.opMu.Unlock()
	stop := context.AfterFunc(ctx, p.kill)
	err = writeFrame(p.in, req)
	if err == nil {
		reply, err = readFrame(p.out)
	}
	if !stop() {
		<-p.waited
		return nil, true, ctx.Err()
	}
	if err != nil {
		p.kill()
		return nil, true, p.died(op, err)
	}
	return reply, false, nil
}

// died words the failure of a worker that stopped answering mid-call.
func (p *process) died(op string, cause error) error {
	<-p.waited
	how := "exited"
	if p.err != nil {
		how = "exited (" + p.err.Error() + ")"
	} else if !errors.Is(cause, io.EOF) && !errors.Is(cause, io.ErrUnexpectedEOF) {
		how = "failed: " + cause.Error()
	}
	msg := fmt.Sprintf("the Python worker running %s %s during the call (os._exit, a crash, or killed)", op, how)
	if last := p.tail.lines(); last != "" {
		msg += "; its last output:\n" + last
	}
	return errors.New(msg)
}

// kill ends the worker's process group and waits until it is reaped.
func (p *process) kill() {
	_ = syscall.Kill(-p.cmd.Process.Pid, syscall.SIGKILL)
	p.in.Close()
	<-p.waited
}

// tail keeps the last lines a worker wrote to stderr.
type tail struct {
	mu   sync.Mutex
	last []string
}

const tailLines = 10

func (t *tail) add(line string) {
	t.mu.Lock()
	defer t.mu.Unlock()
	if len(t.last) == tailLines {
		t.last = t.last[1:]
	}
	t.last = append(t.last, line)
}

func (t *tail) lines() string {
	t.mu.Lock()
	defer t.mu.Unlock()
	return strings.Join(t.last, "\n")
}
