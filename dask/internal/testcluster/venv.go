// Package testcluster starts real Dask schedulers and workers from the
// project's Python virtual environments for integration tests, on
// 127.0.0.1, and stops them when the test (or the test binary) ends.
package testcluster

import (
	"testing"

	"github.com/flowspec/flowspec/internal/testvenv"
)

// RequireVenv returns the bin directory of the named Dask venv. When the
// venv is missing the test fails if FLOWSPEC_REQUIRE_DASK=1 (make test,
// CI) and is skipped otherwise, naming the command that builds it.
func RequireVenv(t testing.TB, name string) string {
	t.Helper()
	return testvenv.Require(t, name, "dask")
}
