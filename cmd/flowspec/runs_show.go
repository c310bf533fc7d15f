package main

import (
	"fmt"
	"io"
	"maps"
	"slices"
	"strings"
	"text/tabwriter"
	"time"

	"github.com/flowspec/flowspec/compiler"
	"github.com/flowspec/flowspec/store"
)

// groupJSON is a task group as `runs show --output json` gives it.
type groupJSON struct {
	Name    string       `json:"name"`
	Op      string       `json:"op"`
	Pos     string       `json:"pos"`
	Size    int          `json:"size"`
	Counts  store.Counts `json:"counts"`
	Cached  []int        `json:"cached,omitempty"` // element indices taken from the cache
	Started *time.Time   `json:"started,omitempty"`
	Ended   *time.Time   `json:"ended,omitempty"`
}

// detailJSON is a run with its groups and failures.
func detailJSON(d *store.Detail, now time.Time, ticks map[string]store.ScheduledTick) any {
	groups := make([]groupJSON, 0, len(d.Groups))
	for _, g := range d.Groups {
		cached, _ := g.Cached.Members(g.Size)
		groups = append(groups, groupJSON{Name: g.Name, Op: g.Op, Pos: g.Pos, Size: g.Size, Counts: g.Counts, Cached: cached, Started: timePtr(g.Started), Ended: timePtr(g.Ended)})
	}
	failures := d.Failures
	if failures == nil {
		failures = []store.Failure{}
	}
	run := toJSON(&d.Run, now)
	run.Tick = tickJSONOf(ticks, d.ID)
	return struct {
		runJSON
		Groups   []groupJSON     `json:"groups"`
		Failures []store.Failure `json:"failures"`
	}{run, groups, failures}
}

func timePtr(t time.Time) *time.Time {
	if t.IsZero() {
		return nil
	}
	u := t.UTC()
	return &u
}

// writeDetail prints a run, its groups, failures and outputs as text.
func writeDetail(w io.Writer, d *store.Detail, now time.Time, ticks map[string]store.ScheduledTick) error {
	fmt.Fprintf(w, "run %s  flow %s (%s)  %s\n", d.ID, d.Flow, d.File, d.Shown(now))
	fmt.Fprintf(w, "started %s  took %s  executor %s  seed %d\n", d.Started.Local().Format("2006-01-02 15:04:05"), runDuration(&d.Run), d.Executor, d.Seed)
	if d.ResumedFrom != "" {
		fmt.Fprintf(w, "resumed from %s\n", d.ResumedFrom)
	}
	if line := tickLine(ticks, d.ID); line != "" {
		fmt.Fprintln(w, line)
	}
	if len(d.Params) > 0 {
		fmt.Fprintf(w, "params %s\n", formatParams(d.Params))
	}
	if d.Error != "" {
		fmt.Fprintf(w, "error: %s\n", d.Error)
	}
	fmt.Fprintln(w)
	tw := tabwriter.NewWriter(w, 0, 4, 2, ' ', 0)
	fmt.Fprintln(tw, "TASK\tOP\tSIZE\tOK\tFAILED\tSKIPPED\tCANCELLED\tREUSED\tCACHED\tAT")
	for _, g := range d.Groups {
		c := g.Counts
		fmt.Fprintf(tw, "%s\t%s\t%d\t%d\t%d\t%d\t%d\t%d\t%d\t%s\n", g.Name, g.Op, g.Size, c.Success, c.Failed, c.Skipped, c.Cancelled, c.Reused, c.Cached, g.Pos)
	}
	if err := tw.Flush(); err != nil {
		return err
	}
	writeCached(w, d.Groups)
	if len(d.Failures) > 0 {
		fmt.Fprintf(w, "\nfailures:\n")
		for _, f := range d.Failures {
			fmt.Fprintf(w, "  %s: task %s (%s): %s\n", f.Pos, f.Key, f.Op, f.Message)
		}
	}
	if len(d.Outputs) > 0 {
		fmt.Fprintf(w, "\noutputs:\n")
		for _, o := range d.Outputs {
			v := o.JSON
			if !o.OK {
				v = "(not produced)"
			}
			fmt.Fprintf(w, "  %s = %s\n", o.Name, v)
		}
	}
	return nil
}

// writeCached names the elements taken from the cache, up to ten a group.
func writeCached(w io.Writer, groups []store.Group) {
	for _, g := range groups {
		idx, total := g.Cached.Members(10)
		if total == 0 {
			continue
		}
		keys := make([]string, len(idx))
		for k, i := range idx {
			keys[k] = compiler.Key{Name: g.Name, Index: i}.String()
		}
		more := ""
		if total > len(idx) {
			more = fmt.Sprintf(" and %d more", total-len(idx))
		}
		fmt.Fprintf(w, "\nfrom the cache: %s%s\n", strings.Join(keys, ", "), more)
	}
}

// formatParams renders params as NAME=VALUE, sorted.
func formatParams(p map[string]string) string {
	var parts []string
	for _, k := range slices.Sorted(maps.Keys(p)) {
		parts = append(parts, k+"="+p[k])
	}
	return strings.Join(parts, " ")
}
