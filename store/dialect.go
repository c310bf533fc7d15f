package store

import (
	"strconv"
	"strings"
	"time"
)

// busyTimeout is how long a SQLite writer waits for another one (a
// variable so tests of a locked store need not wait that long).
var busyTimeout = 10 * time.Second

// dialect is what differs between the two databases: how a query names
// its parameters and how a column holds bytes.
type dialect struct {
	name     string
	numbered bool   // $1, $2… instead of ?
	blob     string // the type of a bytes column
}

var (
	sqliteDialect   = dialect{name: "sqlite", blob: "BLOB"}
	postgresDialect = dialect{name: "postgres", numbered: true, blob: "BYTEA"}
)

// q rewrites a query written with ? placeholders and the BLOB type for d.
func (d dialect) q(query string) string {
	query = strings.ReplaceAll(query, "BLOB", d.blob)
	if !d.numbered {
		return query
	}
	var b strings.Builder
	n := 0
	for _, r := range query {
		if r == '?' {
			n++
			b.WriteString("$" + strconv.Itoa(n))
			continue
		}
		b.WriteRune(r)
	}
	return b.String()
}
