package clitest

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"
	"regexp"
	"strings"
	"syscall"
	"testing"

	"golang.org/x/sys/unix"
)

// RunInTerminal runs bin like Run, but with stderr on a pseudo-terminal
// (and TERM=xterm), as a person at a terminal runs it: the progress is
// live. Result.Stderr is the stream as the terminal received it, escapes
// included; Screen turns it into the lines that stay.
func RunInTerminal(t testing.TB, bin, dir string, args, env []string) Result {
	t.Helper()
	ptm, pts, err := openPTY()
	if err != nil {
		t.Fatalf("opening a pseudo-terminal: %v", err)
	}
	defer ptm.Close()
	cmd := exec.Command(bin, args...)
	cmd.Dir, cmd.Env = dir, Env(append([]string{"TERM=xterm"}, env...)...)
	var out, term bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, pts
	if err := cmd.Start(); err != nil {
		pts.Close()
		t.Fatalf("flowspec %s: %v", strings.Join(args, " "), err)
	}
	pts.Close() // the child holds it; reads end (EIO) once it exits
	read := make(chan struct{})
	go func() {
		defer close(read)
		_, _ = io.Copy(&term, ptm)
	}()
	var ee *exec.ExitError
	if err := cmd.Wait(); err != nil && !errors.As(err, &ee) {
		t.Fatalf("flowspec %s: %v", strings.Join(args, " "), err)
	}
	<-read
	return Result{Code: cmd.ProcessState.ExitCode(), Stdout: out.String(), Stderr: term.String()}
}

// openPTY opens a pseudo-terminal pair: the side the test reads and the
// side the program writes to.
func openPTY() (ptm, pts *os.File, err error) {
	ptm, err = os.OpenFile("/dev/ptmx", os.O_RDWR|syscall.O_NOCTTY, 0)
	if err != nil {
		return nil, nil, err
	}
	fd := int(ptm.Fd())
	n, err := unix.IoctlGetInt(fd, unix.TIOCGPTN)
	if err == nil {
		err = unix.IoctlSetPointerInt(fd, unix.TIOCSPTLCK, 0)
	}
	if err == nil {
		pts, err = os.OpenFile(fmt.Sprintf("/dev/pts/%d", n), os.O_RDWR|syscall.O_NOCTTY, 0)
	}
	if err != nil {
		ptm.Close()
		return nil, nil, err
	}
	return ptm, pts, nil
}

// redraw is what the live progress writes to take back its status block:
// cursor up n lines, clear to the end of the screen.
var redraw = regexp.MustCompile(`\x1b\[(\d+)A\x1b\[J`)

// Screen replays a terminal stream written by the live progress and
// returns the lines left on screen: the block it redraws is taken back
// each time, as the terminal does, so what stays are the lines printed
// above it (finished groups, failures, retries) and the summary.
func Screen(stream string) []string {
	var lines []string
	stream = strings.ReplaceAll(stream, "\r\n", "\n")
	for {
		loc := redraw.FindStringSubmatchIndex(stream)
		if loc == nil {
			break
		}
		lines = append(lines, splitLines(stream[:loc[0]])...)
		var n int
		fmt.Sscan(stream[loc[2]:loc[3]], &n)
		lines = lines[:max(len(lines)-n, 0)]
		stream = stream[loc[1]:]
	}
	return append(lines, splitLines(stream)...)
}

// splitLines splits complete lines ("a\nb\n" is two lines).
func splitLines(s string) []string {
	if s == "" {
		return nil
	}
	return strings.Split(strings.TrimSuffix(s, "\n"), "\n")
}
