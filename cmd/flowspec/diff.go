package main

import (
	"bytes"
	"fmt"
	"os"
	"os/exec"
	"strings"
	"time"

	"github.com/flowspec/flowspec"
	"github.com/flowspec/flowspec/compiler"
	"github.com/flowspec/flowspec/flowdiff"
	"github.com/flowspec/flowspec/internal/bounded"
	"github.com/flowspec/flowspec/internal/tty"
	"github.com/flowspec/flowspec/spec"
	"github.com/urfave/cli/v2"
)

func diffCommand() *cli.Command {
	return &cli.Command{
		Name:      "diff",
		Usage:     "say what a change to a flow does: tasks, fan-outs, dependencies, options, schedule",
		ArgsUsage: "OLD NEW",
		Description: `Compares two versions of a flow by meaning, not text: tasks added, removed
or renamed, operators and arguments, fan-out sizes (inc: 100 → 1000 elements),
dependencies, options with defaults merged (retries, timeouts, triggers),
params, outputs, and the schedule's next fire times (from --from, default
now). Reformatting or reordering a file is no change.

OLD and NEW are files, or git:REV:PATH for PATH (relative to the current
directory) as it is at git revision REV. Exits 0 when nothing changed, 1
when something did, 2 when either flow is invalid. --format github annotates
the new file's lines in a pull request.

Examples:
   flowspec diff git:HEAD:flow.yaml flow.yaml
   flowspec diff --format github git:origin/main:flows/etl.yaml flows/etl.yaml`,
		Flags:  []cli.Flag{formatFlag("text", "text, json or github"), fromFlag, pythonFlag},
		Action: runDiff,
	}
}

// runDiff loads, compiles and compares the two versions.
func runDiff(c *cli.Context) error {
	if c.NArg() != 2 {
		return exitf(kindInvalid, "diff: name the old and the new flow, e.g. flowspec diff git:HEAD:flow.yaml flow.yaml")
	}
	format := c.String("format")
	if format != flowdiff.FormatText && format != flowdiff.FormatJSON && format != flowdiff.FormatGitHub {
		return exitf(kindInvalid, "unknown --format %q: use text, json or github", format)
	}
	from, err := fromTime(c)
	if err != nil {
		return err
	}
	old, oldName, err := diffSide(c, c.Args().Get(0), from)
	if err != nil {
		return err
	}
	new, newName, err := diffSide(c, c.Args().Get(1), from)
	if err != nil {
		return err
	}
	changes := flowdiff.Compare(old, new, from)
	if err := flowdiff.Write(c.App.Writer, format, oldName, newName, changes); err != nil {
		return err
	}
	if len(changes) > 0 {
		return silentExit(kindRunFailed)
	}
	return nil
}

// diffSide reads, checks and compiles one version; an invalid flow has its
// diagnostics printed and ends the command with exit code 2. The graph is
// left out when a param has no default.
func diffSide(c *cli.Context, arg string, from time.Time) (flowdiff.Side, string, error) {
	name, src, err := readVersion(arg)
	if err != nil {
		return flowdiff.Side{}, "", err
	}
	local := strings.TrimPrefix(name, "./")
	pre, _ := spec.Parse(name, src, nil) // its python: and plugins: blocks
	reg, err := flowRegistry(pythonConfig(c, local, pythonBlock(pre)), pre)
	if err != nil {
		return flowdiff.Side{}, "", err
	}
	defer reg.Close()
	flow, ds := spec.Parse(name, src, reg)
	side := flowdiff.Side{Flow: flow}
	if !ds.HasErrors() && !allDefaults(flow) {
		fmt.Fprintf(c.App.ErrWriter, "flowspec diff: %s has a param without a default, so it is compared as written: fan-out sizes, dependencies and options are not\n", name)
	}
	if !ds.HasErrors() && allDefaults(flow) && len(flow.Unchecked) == 0 {
		var more spec.Diagnostics
		side.Graph, more = flowspec.Compile(flow, compiler.Config{Registry: reg, Seed: 1, Checking: true, Lazy: true,
			RunID: "diff", Scheduled: from, LookupEnv: func(string) (string, bool) { return "", false }})
		ds = append(ds, more...)
	}
	if ds.HasErrors() {
		source := func(string) []byte { return src }
		if err := spec.Render(os.Stderr, ds.Sort(), source, "text", tty.Color(os.Stderr)); err != nil {
			return side, "", err
		}
		return side, "", silentExit(kindInvalid)
	}
	return side, name, nil
}

// allDefaults reports whether every param has a default, so the flow
// compiles without values from the command line.
func allDefaults(f *spec.Flow) bool {
	for _, p := range f.Params {
		if p.Default.IsZero() {
			return false
		}
	}
	return true
}

// readVersion returns a version's name and bytes: a file, or
// git:REV:PATH read with git show (PATH relative to the current directory).
func readVersion(arg string) (string, []byte, error) {
	rest, ok := strings.CutPrefix(arg, "git:")
	if !ok {
		src, err := bounded.ReadFile(arg, spec.MaxFileSize)
		if err != nil {
			_, ds := spec.Load(arg, nil)
			return arg, nil, renderInvalid(ds)
		}
		return arg, src, nil
	}
	rev, path, ok := strings.Cut(rest, ":")
	if !ok || rev == "" || path == "" {
		return arg, nil, exitf(kindInvalid, "diff: %q is not git:REV:PATH; write e.g. git:HEAD:flow.yaml", arg)
	}
	if !strings.HasPrefix(path, "./") && !strings.HasPrefix(path, "../") && !strings.HasPrefix(path, "/") {
		path = "./" + path
	}
	var stderr bytes.Buffer
	cmd := exec.Command("git", "show", rev+":"+path)
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil {
		return arg, nil, exitf(kindInvalid, "diff: cannot read %s: git show %s:%s: %s", arg, rev, path, gitReason(stderr.String(), err))
	}
	if len(out) > spec.MaxFileSize {
		return arg, nil, exitf(kindInvalid, "diff: %s is larger than a flow file may be", arg)
	}
	return rev + ":" + strings.TrimPrefix(path, "./"), out, nil
}

// gitReason is git's first line of complaint, or the exec error.
func gitReason(stderr string, err error) string {
	if line, _, _ := strings.Cut(strings.TrimSpace(stderr), "\n"); line != "" {
		return strings.TrimPrefix(line, "fatal: ")
	}
	return err.Error()
}

// renderInvalid prints diagnostics and ends with exit code 2.
func renderInvalid(ds spec.Diagnostics) error {
	if err := spec.Render(os.Stderr, ds, readSource, "text", tty.Color(os.Stderr)); err != nil {
		return err
	}
	return silentExit(kindInvalid)
}
