package builtins

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"
	"sync"
	"syscall"
	"time"
)

// drainDelay bounds the wait for the command's pipes to close once its
// process group is gone: a process that left the group (setsid) and kept
// stdout open must not hold the task forever.
const drainDelay = 2 * time.Second

// run starts the command in a process group of its own, feeds it stdin,
// keeps a bounded stdout and the tail of stderr, and reads the result. When
// ctx ends (a timeout, a cancelled run) or stdout overflows, the whole group
// is killed; when the command exits, whatever it left running in its group
// is killed too, so a call leaves nothing behind.
func (c *shellCall) run(ctx context.Context) (any, error) {
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	if err := c.checkDir(); err != nil {
		return nil, err
	}
	path, err := c.resolve()
	if err != nil {
		return nil, err
	}
	p, err := c.start(path)
	if err != nil {
		return nil, err
	}
	st := p.wait(ctx)
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	if p.out.over {
		return nil, c.overflowError()
	}
	if err := c.exitError(st, p.errs.text()); err != nil {
		return nil, err
	}
	return c.decode(p.out.buf)
}

// process is a started command and the goroutines copying its output.
type process struct {
	cmd     *exec.Cmd
	out     *capture
	errs    *tail
	pipes   []*os.File // the parent's ends: stdin, stdout, stderr
	copying sync.WaitGroup
}

// start starts the command with pipes of its own.
func (c *shellCall) start(path string) (*process, error) {
	inR, inW, err := os.Pipe()
	if err != nil {
		return nil, err
	}
	outR, outW, err := os.Pipe()
	if err != nil {
		closeAll(inR, inW)
		return nil, err
	}
	errR, errW, err := os.Pipe()
	if err != nil {
		closeAll(inR, inW, outR, outW)
		return nil, err
	}
	cmd := &exec.Cmd{Path: path, Args: c.argv, Env: c.env, Dir: c.dir, Stdin: inR, Stdout: outW, Stderr: errW,
		SysProcAttr: newGroupAttr()}
	err = cmd.Start()
	closeAll(inR, outW, errW) // the child has its own copies
	if err != nil {
		closeAll(inW, outR, errR)
		return nil, startError(c.label, err)
	}
	p := &process{cmd: cmd, errs: &tail{}, pipes: []*os.File{inW, outR, errR}}
	pid := cmd.Process.Pid
	p.out = &capture{max: c.max, stop: func() { killGroup(pid) }}
	go feed(inW, c.stdin)
	p.copying.Go(func() { _, _ = io.Copy(p.out, outR) })
	p.copying.Go(func() { _, _ = io.Copy(p.errs, errR) })
	return p, nil
}

// feed writes the command's stdin and closes it. A command that exits
// without reading ends the write with an error, which is not the task's.
func feed(w *os.File, s string) {
	_, _ = io.WriteString(w, s)
	_ = w.Close()
}

// wait waits for the command to exit, killing its group when ctx ends
// first, then for its output, and returns how it exited.
func (p *process) wait(ctx context.Context) *os.ProcessState {
	exited := make(chan *os.ProcessState, 1)
	go func() {
		st, _ := p.cmd.Process.Wait()
		exited <- st
	}()
	var st *os.ProcessState
	select {
	case st = <-exited:
	case <-ctx.Done():
		killGroup(p.cmd.Process.Pid)
		st = <-exited
	}
	killGroup(p.cmd.Process.Pid) // whatever it left running
	p.drain()
	return st
}

// drain waits for the output copies to reach the end of their pipes, at
// most drainDelay, then closes the parent's ends.
func (p *process) drain() {
	done := make(chan struct{})
	go func() {
		p.copying.Wait()
		close(done)
	}()
	select {
	case <-done:
	case <-time.After(drainDelay):
	}
	closeAll(p.pipes...)
	<-done
}

// startError says why the command could not start, in the system's words
// (exec format error), as python/shell.py does.
func startError(label string, err error) error {
	var errno syscall.Errno
	if errors.As(err, &errno) {
		return fmt.Errorf("%s could not start: %s", label, errno.Error())
	}
	return fmt.Errorf("%s could not start: %v", label, err)
}

func closeAll(files ...*os.File) {
	for _, f := range files {
		_ = f.Close()
	}
}
