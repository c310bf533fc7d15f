package main

import (
	"errors"
	"fmt"
	"text/tabwriter"
	"time"

	"github.com/flowspec/flowspec/spec"
	"github.com/flowspec/flowspec/store"
	"github.com/urfave/cli/v2"
	"go.yaml.in/yaml/v3"
)

func runsCommand() *cli.Command {
	return &cli.Command{
		Name:      "runs",
		Usage:     "list the runs in the run store, show one, or prune old ones",
		ArgsUsage: "[FLOW]",
		Description: `Lists recorded runs, newest first: all of them, or those of the flow
named FLOW (the file's name: field). The store is --store, else
FLOWSPEC_STORE, else flowspec/runs.db in the user's state directory.

Examples:
   flowspec runs
   flowspec runs --output json my-flow
   flowspec runs show 20261130T162100-1a2b3c
   flowspec runs prune --keep 20 --older 30d`,
		Flags:  []cli.Flag{storeFlag, runsFormat()},
		Action: runsList,
		Subcommands: []*cli.Command{
			{
				Name: "show", Usage: "show one run: its groups, failures with their positions, and outputs", ArgsUsage: "ID",
				Flags: []cli.Flag{storeFlag, runsFormat()}, Action: runsShow,
			},
			{
				Name: "prune", Usage: "delete old runs (of every flow, or of FLOW) and the results only they kept", ArgsUsage: "[FLOW]",
				Flags: []cli.Flag{storeFlag,
					&cli.IntFlag{Name: "keep", Value: -1, Usage: "keep the newest `N` runs of each flow", DefaultText: "all"},
					&cli.StringFlag{Name: "older", Usage: "delete runs that started more than `DURATION` ago (30d, 12h)"},
				},
				Action: runsPrune,
			},
		},
	}
}

// runsFormat is --format text|json (--output and -o: its aliases, as on run).
func runsFormat() cli.Flag { return outputFlag("text", "text, or json") }

// storeFor opens the store for a runs command, which has nothing to do
// when the store is off.
func storeFor(c *cli.Context) (store.Store, error) {
	st, err := openRunStore(c)
	if err == nil && st == nil {
		return nil, exitf(kindInvalid, "the run store is off (--store off or FLOWSPEC_STORE=off): name a store to read")
	}
	return st, err
}

// checkOutput refuses a --format other than text and json.
func checkOutput(c *cli.Context) error {
	if o := c.String("format"); o != "text" && o != "json" {
		return exitf(kindInvalid, "unknown --format %q: use text or json", o)
	}
	return nil
}

// runsList prints the runs as a table or JSON.
func runsList(c *cli.Context) error {
	if err := checkOutput(c); err != nil {
		return err
	}
	if c.NArg() > 1 {
		return exitf(kindInvalid, "runs: name at most one flow, e.g. flowspec runs my-flow")
	}
	st, err := storeFor(c)
	if err != nil {
		return err
	}
	defer st.Close()
	runs, err := st.Runs(c.Context, c.Args().First())
	if err != nil {
		return exitf(kindRunFailed, "cannot read the run store at %s: %v", st.Location(), err)
	}
	ticks, err := readTicks(c, st, c.Args().First())
	if err != nil {
		return err
	}
	now := time.Now()
	if c.String("format") == "json" {
		return writeJSON(c.App.Writer, runsJSON(runs, now, ticks))
	}
	tw := tabwriter.NewWriter(c.App.Writer, 0, 4, 2, ' ', 0)
	fmt.Fprintln(tw, "ID\tFLOW\tSTATE\tSTARTED\tDURATION\tEXECUTOR\tRESUMED FROM\tTICK")
	for _, r := range runs {
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n", r.ID, r.Flow, r.Shown(now), r.Started.Local().Format("2006-01-02 15:04:05"), runDuration(&r), r.Executor, dash(r.ResumedFrom), tickColumn(ticks, r.ID))
	}
	return tw.Flush()
}

// runJSON is a run as --output json shows it.
type runJSON struct {
	ID          string            `json:"id"`
	Flow        string            `json:"flow"`
	File        string            `json:"file"`
	Hash        string            `json:"hash"`
	Params      map[string]string `json:"params"`
	Seed        int64             `json:"seed"`
	Executor    string            `json:"executor"`
	State       string            `json:"state"`
	Started     time.Time         `json:"started"`
	Ended       *time.Time        `json:"ended,omitempty"`
	Error       string            `json:"error,omitempty"`
	ResumedFrom string            `json:"resumed_from,omitempty"`
	Outputs     []store.Output    `json:"outputs"`
	Tick        *runTickJSON      `json:"tick,omitempty"` // the tick of a scheduled run
}

func toJSON(r *store.Run, now time.Time) runJSON {
	j := runJSON{ID: r.ID, Flow: r.Flow, File: r.File, Hash: r.Hash, Params: r.Params, Seed: r.Seed, Executor: r.Executor,
		State: r.Shown(now), Started: r.Started.UTC(), Error: r.Error, ResumedFrom: r.ResumedFrom, Outputs: r.Outputs}
	if !r.Ended.IsZero() {
		e := r.Ended.UTC()
		j.Ended = &e
	}
	if j.Outputs == nil {
		j.Outputs = []store.Output{}
	}
	return j
}

func runsJSON(runs []store.Run, now time.Time, ticks map[string]store.ScheduledTick) []runJSON {
	out := make([]runJSON, 0, len(runs))
	for i := range runs {
		j := toJSON(&runs[i], now)
		j.Tick = tickJSONOf(ticks, runs[i].ID)
		out = append(out, j)
	}
	return out
}

// runDuration is how long a run took, or "-" while it runs.
func runDuration(r *store.Run) string {
	if r.Ended.IsZero() {
		return "-"
	}
	return r.Ended.Sub(r.Started).Round(time.Millisecond).String()
}

func dash(s string) string {
	if s == "" {
		return "-"
	}
	return s
}

// runsPrune deletes runs by --keep and --older.
func runsPrune(c *cli.Context) error {
	keep := c.Int("keep")
	var older time.Duration
	if s := c.String("older"); s != "" {
		d, diag := spec.ParseDuration("--older", &yaml.Node{Kind: yaml.ScalarNode, Value: s})
		if diag != nil {
			return exitf(kindInvalid, "--older %q: %s; write it like 30d or 12h", s, diag.Message)
		}
		older = d.Duration
	}
	if keep < 0 && older == 0 {
		return exitf(kindInvalid, "runs prune: say what to delete with --keep N (the newest N runs of each flow stay) or --older DURATION")
	}
	st, err := storeFor(c)
	if err != nil {
		return err
	}
	defer st.Close()
	n, err := st.Prune(c.Context, c.Args().First(), keep, older)
	if err != nil {
		return exitf(kindRunFailed, "cannot prune the run store at %s: %v", st.Location(), err)
	}
	fmt.Fprintf(c.App.Writer, "pruned %d runs\n", n)
	return nil
}

// runsShow prints one run in detail.
func runsShow(c *cli.Context) error {
	if err := checkOutput(c); err != nil {
		return err
	}
	if c.NArg() != 1 {
		return exitf(kindInvalid, "runs show: name one run id, e.g. flowspec runs show 20261130T162100-1a2b3c (flowspec runs lists them)")
	}
	st, err := storeFor(c)
	if err != nil {
		return err
	}
	defer st.Close()
	d, err := st.Get(c.Context, c.Args().First())
	if errors.Is(err, store.ErrNotFound) {
		return exitf(kindInvalid, "runs show %s: no such run in the run store at %s; flowspec runs lists them", c.Args().First(), st.Location())
	}
	if err != nil {
		return exitf(kindRunFailed, "cannot read the run store at %s: %v", st.Location(), err)
	}
	ticks, err := readTicks(c, st, d.Flow)
	if err != nil {
		return err
	}
	if c.String("format") == "json" {
		return writeJSON(c.App.Writer, detailJSON(d, time.Now(), ticks))
	}
	return writeDetail(c.App.Writer, d, time.Now(), ticks)
}
