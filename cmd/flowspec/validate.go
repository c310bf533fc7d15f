package main

import (
	"fmt"
	"os"

	"github.com/flowspec/flowspec"
	"github.com/flowspec/flowspec/compiler"
	"github.com/flowspec/flowspec/dask"
	"github.com/flowspec/flowspec/internal/bounded"
	"github.com/flowspec/flowspec/internal/tty"
	"github.com/flowspec/flowspec/lint"
	"github.com/flowspec/flowspec/operator"
	"github.com/flowspec/flowspec/spec"
	"github.com/urfave/cli/v2"
)

func validateCommand() *cli.Command {
	return &cli.Command{
		Name:      "validate",
		Usage:     "check flow files against the schema and the language's rules",
		ArgsUsage: "FILE|DIR...",
		Description: `Reports every problem in each file as file:line:col with a snippet, ends
with how many of the files are valid ("2 of 3 files valid"), and exits 0 when
all are, 2 otherwise. A directory stands for the flow files (*.yaml, *.yml)
in it and below it. Use --format github in CI to
annotate pull requests. Tasks that call Python functions (op: py:MODULE.FUNC)
are checked against the functions' signatures, which Python is asked for once
per module version (cached); without a Python interpreter they get one warning.
With --executor dask (or a flow whose executor: block, or FLOWSPEC_EXECUTOR,
chooses Dask) it also reports what the Dask executor would refuse, at its
position, without contacting a cluster.

A valid file also gets lint warnings, which never change the exit code:
unread-task (a pure task nothing reads), single-element-map (a map over a
one-element list), retry-not-idempotent (retries on a shell command or an
impure Python function not declared idempotent), schedule-overlap (no
overlap policy while a run can outlast the interval), unused-param. Silence
one with a comment on its line or the line above: # flowspec: ignore[RULE].

Examples:
   flowspec validate flows/*.yaml
   flowspec validate flows/
   flowspec validate --format json flow.yaml
   flowspec validate --executor dask flow.yaml`,
		Flags: append([]cli.Flag{formatFlag("text", "text, json or github"), pythonFlag,
			&cli.BoolFlag{Name: "lint", Value: true, Usage: "add the lint warnings (--lint=false leaves them out)"},
			&cli.StringFlag{Name: "executor", Aliases: []string{"e"}, Usage: "also check what this executor (local or dask) would refuse (default: as run would choose)"},
			storeFlag},
			limitFlags()...),
		Action: func(c *cli.Context) error {
			if c.NArg() == 0 {
				return exitf(kindInvalid, "validate: name at least one flow file, e.g. flowspec validate flow.yaml")
			}
			if e := c.String("executor"); e != "" && e != "local" && e != "dask" {
				return exitf(kindInvalid, "validate: unknown --executor %q: use local or dask", e)
			}
			files, err := flowFiles(c.Args().Slice())
			if err != nil {
				return err
			}
			var all spec.Diagnostics
			facts, closeFacts := lintFacts(c)
			defer closeFacts()
			for _, file := range files {
				ds, err := validateFile(c, file, facts)
				if err != nil {
					return err
				}
				all = append(all, ds...)
			}
			return reportDiagnostics(c, all.Sort(), c.String("format"), files)
		},
	}
}

// validateFile checks one flow file, read once (a pipe can be read only
// once): its python: and plugins: blocks choose the registry, then the
// flow is checked with it and, unless --lint=false, linted.
func validateFile(c *cli.Context, file string, facts func(flow string) lint.Facts) (spec.Diagnostics, error) {
	src, ds := spec.Read(file)
	if ds != nil {
		return ds, nil
	}
	pre, _ := spec.Parse(file, src, nil)
	reg, err := flowRegistry(pythonConfig(c, file, pythonBlock(pre)), pre)
	if err != nil {
		return nil, err
	}
	defer reg.Close()
	cfg := withLimits(c, compiler.Config{Registry: reg})
	check := executorCheck(c.String("executor"), reg)
	if !c.Bool("lint") {
		facts = nil
	}
	return flowspec.ValidateSource(file, src, cfg, check, facts), nil
}

// executorCheck returns the check of the executor a run of the flow would
// use (flag > environment > the file's executor: block > local, as run
// decides): Dask's refusals as diagnostics, nothing for local. Other
// settings (an address, TLS files) are left for run to report.
func executorCheck(flag string, reg *operator.Registry) flowspec.ExecutorCheck {
	return func(flow *spec.Flow, g *compiler.Graph) spec.Diagnostics {
		cfg, _ := dask.Resolve(dask.Inputs{Executor: flag, File: flow.Executor}) // the choice, even without an address
		if cfg == nil || cfg.Executor.Value != "dask" {
			return nil
		}
		return dask.CheckDiagnostics(g.Shallow(), reg)
	}
}

// formatFlag is the --format flag shared by every command that reports:
// one name for one idea. --output, which run and schedule used to call it,
// stays an alias everywhere, so old scripts and either habit work; run and
// schedule keep their -o too (outputFlag), which elsewhere may mean
// something else (dask gateway create --option).
func formatFlag(def, usage string) cli.Flag {
	return &cli.StringFlag{Name: "format", Aliases: []string{"f", "output"}, Value: def, Usage: usage}
}

// outputFlag is formatFlag with the -o that run and schedule always had.
func outputFlag(def, usage string) cli.Flag {
	f := formatFlag(def, usage).(*cli.StringFlag)
	f.Aliases = append(f.Aliases, "o")
	return f
}

// reportDiagnostics renders diagnostics to stderr (stdout for json and
// github, which tools read) and turns errors into exit code 2. A text or
// github report ends with how many of the files are valid.
func reportDiagnostics(c *cli.Context, ds spec.Diagnostics, format string, files []string) error {
	switch format {
	case "text", "json", "github":
	default:
		return exitf(kindInvalid, "unknown --format %q: use text, json or github", format)
	}
	out := os.Stderr
	if format != "text" {
		out = os.Stdout
	}
	if len(ds) > 0 || format == "json" {
		if err := spec.Render(out, ds, readSource, format, format == "text" && tty.Color(out)); err != nil {
			return err
		}
	}
	switch format {
	case "text":
		fmt.Fprintln(c.App.Writer, validCount(ds, files))
	case "github":
		fmt.Fprintln(c.App.ErrWriter, validCount(ds, files))
	}
	if ds.HasErrors() {
		return silentExit(kindInvalid)
	}
	return nil
}

// validCount says how many of files have no error: "2 of 3 files valid".
func validCount(ds spec.Diagnostics, files []string) string {
	bad := map[string]bool{}
	for _, d := range ds {
		if d.Severity == spec.Error {
			bad[d.Range.File] = true
		}
	}
	valid := 0
	for _, f := range files {
		if !bad[f] {
			valid++
		}
	}
	return fmt.Sprintf("%d of %d %s valid", valid, len(files), plural(len(files), "file", "files"))
}

// readSource returns a file's bytes for error snippets (nil if unreadable
// or larger than a flow file may be).
func readSource(file string) []byte {
	b, _ := bounded.ReadFile(file, spec.MaxFileSize)
	return b
}

func plural(n int, one, many string) string {
	if n == 1 {
		return one
	}
	return many
}
