// Package testcluster starts real Dask schedulers and workers from the
// project's Python virtual environments for integration tests, on
// 127.0.0.1, and stops them when the test (or the test binary) ends.
package testcluster

import (
	"os"
	"path/filepath"
	"testing"
)

// VenvDir returns the directory of the named venv ("current", "legacy"):
// $FLOWSPEC_VENVS/<name> when set (the Makefile sets it), else
// <repo>/.venv/<name>.
func VenvDir(name string) string {
	if root := os.Getenv("FLOWSPEC_VENVS"); root != "" {
		return filepath.Join(root, name)
	}
	return filepath.Join(repoRoot(), ".venv", name)
}

// repoRoot finds the directory holding go.mod above the working directory.
func repoRoot() string {
	dir, err := os.Getwd()
	if err != nil {
		return "."
	}
	for d := dir; ; d = filepath.Dir(d) {
		if _, err := os.Stat(filepath.Join(d, "go.mod")); err == nil {
			return d
		}
		if filepath.Dir(d) == d {
			return dir
		}
	}
}

// RequireVenv returns the bin directory of the named venv. When the venv
// is missing the test fails if FLOWSPEC_REQUIRE_DASK=1 (make test, CI) and
// is skipped otherwise, naming the command that builds it.
func RequireVenv(t testing.TB, name string) string {
	t.Helper()
	bin := filepath.Join(VenvDir(name), "bin")
	if _, err := os.Stat(filepath.Join(bin, "dask")); err == nil {
		return bin
	}
	msg := "no Dask venv at " + VenvDir(name) + ": build it with `scripts/venv.sh " + name + "` (or `make venv`)"
	if os.Getenv("FLOWSPEC_REQUIRE_DASK") == "1" {
		t.Fatal(msg)
	}
	t.Skip(msg)
	return ""
}
