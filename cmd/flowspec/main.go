// Command flowspec validates, compiles and runs declarative workflows, in
// process or on a Dask cluster.
package main

import (
	"fmt"
	"os"

	"github.com/flowspec/flowspec/internal/address"
)

func main() {
	os.Exit(run(os.Args, os.Stdout, os.Stderr))
}

// run executes the CLI and returns the process exit code; tests call it
// in-process through testscript.
func run(args []string, stdout, stderr *os.File) int {
	app := newApp(stdout, stderr)
	err := app.Run(permuteArgs(app, args))
	if err == nil {
		return kindOK.code()
	}
	if msg := err.Error(); msg != "" {
		fmt.Fprintf(stderr, "flowspec: %s\n", address.Redact(msg))
	}
	return kindOf(err).code()
}
