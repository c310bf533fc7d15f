// Package testvenv finds the project's Python virtual environments
// (scripts/venv.sh builds them) for tests that run a Python program: the
// Dask clusters, the independent JSON Schema validator.
package testvenv

import (
	"os"
	"path/filepath"
	"testing"
)

// Dir returns the directory of the named venv ("current", "schema"):
// $FLOWSPEC_VENVS/<name> when set (the Makefile sets it), else
// <repo>/.venv/<name>.
func Dir(name string) string {
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

// Require returns the bin directory of the named venv, which must hold
// program. When it does not, the test fails if FLOWSPEC_REQUIRE_DASK=1
// (make test, CI) and is skipped otherwise, naming the command that
// builds it.
func Require(t testing.TB, name, program string) string {
	t.Helper()
	bin := filepath.Join(Dir(name), "bin")
	if _, err := os.Stat(filepath.Join(bin, program)); err == nil {
		return bin
	}
	msg := "no " + program + " in the venv at " + Dir(name) + ": build it with `scripts/venv.sh " + name + "` (or `make venv`)"
	if os.Getenv("FLOWSPEC_REQUIRE_DASK") == "1" {
		t.Fatal(msg)
	}
	t.Skip(msg)
	return ""
}
