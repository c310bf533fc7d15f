package main

import (
	"encoding/json"
	"fmt"
	"io"
	"strconv"
	"strings"
	"text/tabwriter"

	"github.com/flowspec/flowspec/compiler"
	"github.com/flowspec/flowspec/operator"
	"github.com/flowspec/flowspec/spec"
	"github.com/urfave/cli/v2"
)

func compileCommand() *cli.Command {
	return &cli.Command{
		Name:      "compile",
		Usage:     "compile a flow and print its task graph",
		ArgsUsage: "FILE",
		Description: `Prints the compiled graph: one node per task with its element count. The
text form is a table; json lists groups (and every task with --tasks); dot
is for Graphviz, mermaid for Markdown; svg and png are pictures, drawn by
flowspec-draw (installed beside flowspec; it embeds Graphviz). With --states RUN.json (the result of
flowspec run --format json) each task is coloured by how it ended: red
failed, amber cancelled, grey skipped, green succeeded. A map over range(...)
costs the same to compile at any size: it is shown as its batches, or with
--optimize none as one task with its count and the rule its elements follow
(they are made when the flow runs).

Examples:
   flowspec compile examples/dask-example.yaml
   flowspec compile --format svg examples/dask-example.yaml > flow.svg
   flowspec run --format json flow.yaml > run.json; flowspec compile --format png --states run.json flow.yaml > run.png
   flowspec compile --format json --tasks --param n=3 examples/dask-example.yaml
   flowspec compile --explain --param n=100000 examples/dask-example.yaml
   flowspec compile --optimize none --target add examples/dask-example.yaml`,
		Flags: append([]cli.Flag{
			formatFlag("text", "text, json, dot, mermaid, svg or png"),
			&cli.StringFlag{Name: "states", TakesFile: true, Usage: "colour the picture by a run's end states, from `RUN.json` (flowspec run --format json)"},
			&cli.BoolFlag{Name: "tasks", Usage: "with --format json, list every task and its arguments"},
			paramFlag,
			&cli.Int64Flag{Name: "seed", Usage: "seed for rand(), for reproducible graphs", DefaultText: "random"},
			&cli.BoolFlag{Name: "explain", Usage: "print what each optimizer pass did (tasks and edges before and after) instead of the graph"},
			pythonFlag,
		}, append(optimizeFlags(), limitFlags()...)...),
		Action: func(c *cli.Context) error {
			flow, reg, err := loadFlow(c)
			if err != nil {
				return err
			}
			defer reg.Close()
			if c.Bool("explain") {
				return explainCompile(c, flow, reg)
			}
			g, err := compileShown(c, flow, reg)
			if err != nil {
				return err
			}
			return writeGraph(c, g, reg)
		},
	}
}

// compileShown compiles the flow lazily (rule groups stay rules, so the
// cost does not grow with their elements) and optimizes it as the flags
// ask. With no pass on (--optimize none) the graph is shown as compiled,
// rule groups and all, instead of made element by element.
func compileShown(c *cli.Context, flow *spec.Flow, reg *operator.Registry) (*compiler.Graph, error) {
	g, err := compileParams(c, flow, withLimits(c, compiler.Config{Seed: c.Int64("seed"), Registry: reg, Lazy: true}))
	if err != nil {
		return nil, err
	}
	opts, err := optimizeOptions(c, 0)
	if err != nil {
		return nil, err
	}
	if g.Lazy() && !opts.AnyPass() {
		return g, nil
	}
	g, _, err = optimizeGraph(c, g, reg, 0)
	return g, err
}

// explainCompile compiles the flow and prints what each optimizer pass did.
func explainCompile(c *cli.Context, flow *spec.Flow, reg *operator.Registry) error {
	g, err := compileParams(c, flow, withLimits(c, compiler.Config{Seed: c.Int64("seed"), Registry: reg, Lazy: true}))
	if err != nil {
		return err
	}
	_, ex, err := optimizeGraph(c, g, reg, 0)
	if err != nil {
		return err
	}
	if c.String("format") == "json" {
		enc := json.NewEncoder(c.App.Writer)
		enc.SetIndent("", "  ")
		return enc.Encode(ex)
	}
	return ex.Write(c.App.Writer)
}

// writeGraph prints g in the requested format. A lazy graph's rule group
// is one node with its element count in every format; the text table
// and json also give its rule.
func writeGraph(c *cli.Context, g *compiler.Graph, reg *operator.Registry) error {
	w := c.App.Writer
	switch f := c.String("format"); f {
	case "json":
		return g.WriteJSON(w, c.Bool("tasks"))
	case "dot":
		return g.WriteDOT(w)
	case "mermaid":
		return g.WriteMermaid(w)
	case "text":
		return writeGraphTable(c, g, reg)
	case "svg", "png":
		return writePicture(c, g, f)
	default:
		return exitf(kindInvalid, "unknown --format %q: use text, json, dot, mermaid, svg or png", f)
	}
}

// writeGraphTable prints one row per task group, then, for a lazy graph,
// the rule of each rule group's element i.
func writeGraphTable(c *cli.Context, g *compiler.Graph, reg *operator.Registry) error {
	tw := tabwriter.NewWriter(c.App.Writer, 0, 4, 2, ' ', 0)
	fmt.Fprintln(tw, "TASK\tOP\tCOUNT\tDEPENDS ON\tPOSITION")
	for i, ups := range g.GroupEdges() {
		grp := g.Groups[i]
		deps := "-"
		for j, up := range ups {
			if j == 0 {
				deps = ""
			} else {
				deps += ", "
			}
			deps += g.Groups[up].Name
		}
		count := strconv.Itoa(grp.Size)
		if g.MapsAtRunTime(i) {
			count = "? (mapped at run time)"
		}
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\n", grp.Name, grp.Op, count, deps, grp.Range)
	}
	fmt.Fprintf(tw, "\n%d tasks in %d groups\n", g.Elements(), len(g.Groups))
	if err := tw.Flush(); err != nil {
		return err
	}
	return writeRules(c, g, reg)
}

// writeRules lists the rule groups of a lazy graph, element i of each as
// the call it makes ("add[i] = add(x=inc[i], y=dec[i])"): their elements
// are made when the flow runs, not listed here.
func writeRules(c *cli.Context, g *compiler.Graph, reg *operator.Registry) error {
	if !g.Lazy() {
		return nil
	}
	var b strings.Builder
	b.WriteString("\nrule groups (their elements are made when the flow runs, in batches where the optimizer batches them):\n")
	for i, grp := range g.Groups {
		if grp.Rule == nil {
			continue
		}
		var names []string
		if op, ok := reg.Lookup(grp.Op); ok {
			for _, p := range op.Params {
				names = append(names, p.Name)
			}
		}
		fmt.Fprintf(&b, "  %s[i] = %s  for i in range(%d)\n", grp.Name, g.RuleText(i, names), grp.Size)
	}
	_, err := io.WriteString(c.App.Writer, b.String())
	return err
}
