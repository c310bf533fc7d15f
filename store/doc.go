// Package store is flowspec's run store: what each run was (flow, content
// hash, params, executor, times, state, outputs, error), how each task group
// ended (counts, times, which elements succeeded), every failed element with
// its YAML position, and the results of tasks marked persist: true, kept by
// content address. `flowspec runs` reads it and `flowspec run --resume`
// plans from it.
//
// One interface (Store) has one implementation over database/sql with two
// dialects: SQLite, embedded through a pure-Go driver (modernc.org/sqlite,
// so the binary stays static) in a file under the user's state directory by
// default, and PostgreSQL (jackc/pgx's database/sql driver) for teams that
// share a store, chosen by a postgres:// URL. Values larger than
// InlineLimit are kept as files beside the SQLite database (or in a
// directory given for PostgreSQL), never in it.
package store
