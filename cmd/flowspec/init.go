package main

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"

	"github.com/flowspec/flowspec/schemas"
	"github.com/urfave/cli/v2"
)

func initCommand() *cli.Command {
	return &cli.Command{
		Name:      "init",
		Usage:     "write a starter flow file",
		ArgsUsage: "NAME",
		Description: `Writes NAME.yaml (or NAME, when it ends in .yaml or .yml): a small flow that
maps over a list and sums the results, with the yaml-language-server comment
that points editors at the schema, so they complete and check fields and
operators as you type. An existing file is never overwritten.

Examples:
   flowspec init hello && flowspec run hello.yaml
   flowspec init flows/nightly.yaml`,
		Action: func(c *cli.Context) error {
			if c.NArg() != 1 {
				return exitf(kindInvalid, "init: name the flow to write, e.g. flowspec init hello (writes hello.yaml)")
			}
			path, name := initTarget(c.Args().First())
			if err := writeNew(path, starterFlow(name)); err != nil {
				return err
			}
			fmt.Fprintf(c.App.Writer, "wrote %s; run it with: flowspec run %s\n", path, path)
			return nil
		},
	}
}

// initTarget returns the file init writes and the flow's name (the file's
// base name without its extension).
func initTarget(arg string) (path, name string) {
	path = arg
	if ext := filepath.Ext(arg); ext != ".yaml" && ext != ".yml" {
		path = arg + ".yaml"
	}
	name = strings.TrimSuffix(filepath.Base(path), filepath.Ext(path))
	return path, name
}

// writeNew creates path with content, refusing to replace an existing file.
func writeNew(path, content string) error {
	f, err := os.OpenFile(path, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o644)
	if errors.Is(err, fs.ErrExist) {
		return exitf(kindInvalid, "init: %s already exists; choose another name or remove it first", path)
	}
	if err != nil {
		return exitf(kindInvalid, "init: cannot create %s: %v", path, errors.Unwrap(err))
	}
	_, err = f.WriteString(content)
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		return exitf(kindInvalid, "init: cannot write %s: %v", path, err)
	}
	return nil
}

// starterFlow is the flow init writes: the language's core (a param, a
// mapped task, a reduction, an output) in a dozen lines, with pointers on.
func starterFlow(name string) string {
	return `# yaml-language-server: $schema=` + schemas.FlowID + `
# A starter flow: square 1..n in parallel and sum the squares.
#   flowspec run ` + name + `.yaml --param n=5
# flowspec ops lists the operators; the language reference is docs/LANGUAGE.md
# in the flowspec repository.
version: 1
name: ` + name + `
description: Square 1..n in parallel and sum the squares.

params:
  n: 10

tasks:
  squares:
    op: pow
    map:
      x: ${{ range(1, params.n + 1) }}   # one element per number
    with:
      y: 2
  total:
    op: sum
    with:
      values: ${{ tasks.squares }}      # the mapped task's results as a list

outputs:
  total: ${{ tasks.total }}
`
}
