//go:build unix

package builtins

import (
	"os"
	"syscall"

	"golang.org/x/sys/unix"
)

// newGroupAttr starts a command as the leader of a process group of its
// own, so killGroup reaches everything it starts.
func newGroupAttr() *syscall.SysProcAttr { return &syscall.SysProcAttr{Setpgid: true} }

// killGroup kills process group pgid. A group already gone is fine.
func killGroup(pgid int) { _ = syscall.Kill(-pgid, syscall.SIGKILL) }

// exitStatus returns a finished command's exit code, or the signal that
// killed it (then the code is -1).
func exitStatus(st *os.ProcessState) (code, sig int) {
	if ws, ok := st.Sys().(syscall.WaitStatus); ok && ws.Signaled() {
		return -1, int(ws.Signal())
	}
	return st.ExitCode(), 0
}

// signalName names signal sig as Python's signal module does: SIGKILL.
func signalName(sig int) string {
	if n := unix.SignalName(syscall.Signal(sig)); n != "" {
		return n
	}
	return "unknown signal"
}
