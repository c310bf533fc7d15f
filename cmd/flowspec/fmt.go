package main

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"

	"github.com/flowspec/flowspec/format"
	"github.com/flowspec/flowspec/internal/bounded"
	"github.com/flowspec/flowspec/internal/tty"
	"github.com/flowspec/flowspec/internal/udiff"
	"github.com/flowspec/flowspec/spec"
	"github.com/urfave/cli/v2"
)

func fmtCommand() *cli.Command {
	return &cli.Command{
		Name:      "fmt",
		Usage:     "lay flow files out canonically (key order, indentation, quoting, ${{ }} spacing)",
		ArgsUsage: "FILE...",
		Description: `Prints each flow laid out in the canonical form: keys in the order the
language reference lists them, two-space indentation, quotes only where YAML
needs them, one space inside ${{ }}; comments and blank lines stay with the
key they sit above. The formatted flow compiles to the same graph.

--check prints a unified diff for each file that is not formatted and exits 1;
-w rewrites the files in place (atomically). A file that is not YAML exits 2.

Examples:
   flowspec fmt -w flows/*.yaml
   flowspec fmt --check flow.yaml`,
		Flags: []cli.Flag{
			&cli.BoolFlag{Name: "check", Usage: "exit 1 with a diff when a file is not formatted; change nothing"},
			&cli.BoolFlag{Name: "write", Aliases: []string{"w"}, Usage: "write the result to the file instead of printing it"},
		},
		Action: runFmt,
	}
}

// runFmt formats every file named, then exits with the worst outcome:
// 2 when a file could not be formatted, 1 when --check found one unformatted.
func runFmt(c *cli.Context) error {
	if c.NArg() == 0 {
		return exitf(kindInvalid, "fmt: name at least one flow file, e.g. flowspec fmt -w flow.yaml")
	}
	if c.Bool("check") && c.Bool("write") {
		return exitf(kindInvalid, "fmt: --check changes nothing and -w rewrites files: use one of them")
	}
	worst := kindOK
	for _, file := range c.Args().Slice() {
		k, err := fmtFile(c, file)
		if err != nil {
			return err
		}
		worst = max(worst, k)
	}
	if worst != kindOK {
		return silentExit(worst)
	}
	return nil
}

// fmtFile formats one file as the flags ask; the kind says how it went.
func fmtFile(c *cli.Context, file string) (kind, error) {
	src, err := bounded.ReadFile(file, spec.MaxFileSize)
	if err != nil {
		_, ds := spec.Load(file, nil) // words the read error as validate does
		return kindInvalid, spec.Render(os.Stderr, ds, readSource, "text", tty.Color(os.Stderr))
	}
	out, err := format.Source(src)
	if err != nil {
		return kindInvalid, fmtError(c, file, src, err)
	}
	switch {
	case c.Bool("check"):
		if d := udiff.Unified("a/"+file, "b/"+file, string(src), string(out)); d != "" {
			fmt.Fprint(c.App.Writer, d)
			fmt.Fprintf(c.App.ErrWriter, "%s: not formatted; run flowspec fmt -w %s\n", file, file)
			return kindRunFailed, nil
		}
	case c.Bool("write"):
		if string(out) != string(src) {
			return kindOK, writeAtomic(file, out)
		}
	default:
		_, err := c.App.Writer.Write(out)
		return kindOK, err
	}
	return kindOK, nil
}

// fmtError reports why a file could not be formatted: the YAML syntax
// errors as validate shows them (positioned, with a snippet), or the
// formatter's own reason.
func fmtError(c *cli.Context, file string, src []byte, err error) error {
	if _, ds := spec.Parse(file, src, nil); ds.HasErrors() && !errors.Is(err, format.ErrDocuments) {
		return spec.Render(os.Stderr, ds.Sort(), readSource, "text", tty.Color(os.Stderr))
	}
	fmt.Fprintf(c.App.ErrWriter, "%s: %v\n", file, err)
	return nil
}

// writeAtomic replaces file with data through a temporary file in the same
// directory, keeping its permissions, so a reader never sees half a flow.
func writeAtomic(file string, data []byte) error {
	info, err := os.Stat(file)
	if err != nil {
		return exitf(kindInvalid, "%s: %v", file, err)
	}
	tmp, err := os.CreateTemp(filepath.Dir(file), "."+filepath.Base(file)+".fmt-*")
	if err != nil {
		return exitf(kindInvalid, "fmt -w %s: cannot write beside it: %v", file, err)
	}
	defer os.Remove(tmp.Name())
	if _, err = tmp.Write(data); err == nil {
		err = tmp.Chmod(info.Mode().Perm())
	}
	if cerr := tmp.Close(); err == nil {
		err = cerr
	}
	if err == nil {
		err = os.Rename(tmp.Name(), file)
	}
	if err != nil {
		return exitf(kindInvalid, "fmt -w %s: %v", file, err)
	}
	return nil
}
