// Package address checks Dask scheduler addresses and keeps the secrets
// written in any address out of what flowspec prints.
//
// CheckDask is the one rule for a scheduler address, applied wherever one
// enters: the flow file (spec, so `flowspec validate` reports it with its
// position), --address and the environment (dask.Resolve), and client.Dial.
// Redact masks the password of every address in a text; messages,
// diagnostics and their source snippets, --explain-config and the CLI's
// last word on an error go through it.
package address
