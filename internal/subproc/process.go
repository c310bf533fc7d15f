package subproc

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"io"
	"os/exec"
	"sync"
	"syscall"
)

// Process is one long-lived child that answers one framed request with one
// framed reply.
type Process struct {
	cmd    *exec.Cmd
	in     io.WriteCloser
	out    *bufio.Reader
	tail   *tail  // its last stderr lines, for the message when it dies
	op     string // the operator of the current call, for stderr lines
	opMu   sync.Mutex
	waited chan struct{} // closed once the process has been reaped
	err    error         // how it exited, once waited is closed
}

// Start launches cmd in a process group of its own (so a timeout kills
// what it started too). Its stderr is copied to stderr line by line, each
// line prefixed with the operator it is running, and its last lines are
// kept for errors.
func Start(cmd *exec.Cmd, stderr io.Writer) (*Process, error) {
	cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true}
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
		return nil, err
	}
	p := &Process{cmd: cmd, in: in, out: bufio.NewReaderSize(out, 64<<10), tail: &tail{}, waited: make(chan struct{})}
	go p.copyStderr(errPipe, stderr)
	return p, nil
}

// Pid is the process's id.
func (p *Process) Pid() int { return p.cmd.Process.Pid }

// copyStderr forwards the process's stderr line by line, then reaps it.
func (p *Process) copyStderr(r io.Reader, w io.Writer) {
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

// Call sends one request and waits for its reply, on the caller's
// goroutine (a goroutine and a channel per call cost a scheduling round
// trip that counts on a busy machine). When ctx ends first the process is
// killed (its whole group), which ends the exchange, and Call returns
// ctx.Err(). A process that fails mid-exchange is killed and Call returns
// an *Exit. dead reports whether the process can take no further call.
func (p *Process) Call(ctx context.Context, op string, req any) (reply any, dead bool, err error) {
	p.opMu.Lock()
	p.op = op
	p.opMu.Unlock()
	stop := context.AfterFunc(ctx, p.Kill)
	err = WriteFrame(p.in, req)
	if err == nil {
		reply, err = ReadFrame(p.out)
	}
	if !stop() {
		<-p.waited
		return nil, true, ctx.Err()
	}
	if err != nil {
		p.Kill()
		return nil, true, p.exit(op, err)
	}
	return reply, false, nil
}

// Exit is the failure of a process that stopped answering mid-call: how it
// ended and the last lines it wrote to stderr.
type Exit struct {
	Op      string
	How     string // "exited", "exited (exit status 3)" or "failed: ..."
	Tail    string
	Corrupt bool // it wrote something that is not a frame
}

func (e *Exit) Error() string {
	msg := fmt.Sprintf("running %s it %s during the call", e.Op, e.How)
	if e.Tail != "" {
		msg += "; its last output:\n" + e.Tail
	}
	return msg
}

// exit describes the end of a process that failed mid-call.
func (p *Process) exit(op string, cause error) *Exit {
	<-p.waited
	e := &Exit{Op: op, How: "exited", Tail: p.tail.lines(), Corrupt: errors.Is(cause, ErrCorrupt)}
	switch {
	case e.Corrupt:
		e.How = "wrote output that is not the protocol (" + cause.Error() + ")"
	case p.err != nil:
		e.How = "exited (" + p.err.Error() + ")"
	case !errors.Is(cause, io.EOF) && !errors.Is(cause, io.ErrUnexpectedEOF):
		e.How = "failed: " + cause.Error()
	}
	return e
}

// Kill ends the process's group and waits until it is reaped.
func (p *Process) Kill() {
	_ = syscall.Kill(-p.cmd.Process.Pid, syscall.SIGKILL)
	p.in.Close()
	<-p.waited
}
