package main

import (
	"os"

	"github.com/urfave/cli/v2"
)

// version is set at build time with -ldflags "-X main.version=...".
var version = "dev"

// newApp builds the command tree; one file per subcommand.
func newApp(stdout, stderr *os.File) *cli.App {
	app := &cli.App{
		Name:    "flowspec",
		Usage:   "validate, compile and run declarative workflows, in process or on Dask",
		Version: version,
		Description: `A flow is a YAML file of tasks, mapped fan-outs, reductions, params and
schedules. flowspec checks it, compiles it into a task graph and runs it.

Exit codes: 0 ok, 1 a task failed (for fmt --check: a file is not
formatted; for diff: the flow changed), 2 invalid flow or command line,
3 the executor could not be reached, 130 interrupted.`,
		Writer:                    stdout,
		ErrWriter:                 stderr,
		HideHelpCommand:           true,
		Suggest:                   true,
		DisableSliceFlagSeparator: true,
		ExitErrHandler:            func(*cli.Context, error) {},
		OnUsageError:              usageError,
		Action:                    unknownCommand,
		Commands: []*cli.Command{
			initCommand(),
			runCommand(),
			runsCommand(),
			validateCommand(),
			fmtCommand(),
			diffCommand(),
			compileCommand(),
			opsCommand(),
			schemaCommand(),
			scheduleCommand(),
			daskCommand(),
			completionCommand(),
			completeCommand(),
		},
	}
	classifyUsage(app.Commands)
	return app
}
