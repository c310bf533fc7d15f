package store

import (
	"testing"

	"github.com/flowspec/flowspec/internal/testpg"
)

// postgresLoc is a URL of a new database on a PostgreSQL server the tests
// start on loopback (internal/testpg), once per test binary.
func postgresLoc(t *testing.T) string {
	return testpg.Database(t)
}
