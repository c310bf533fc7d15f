//go:build !unix

package builtins

import (
	"os"
	"syscall"
)

// Process groups are a Unix idea: elsewhere a timed-out shell call kills
// only the command itself, not what it started.

func newGroupAttr() *syscall.SysProcAttr { return nil }

func killGroup(pgid int) {
	if p, err := os.FindProcess(pgid); err == nil {
		_ = p.Kill()
	}
}

func exitStatus(st *os.ProcessState) (code, sig int) { return st.ExitCode(), 0 }

func signalName(int) string { return "unknown signal" }
