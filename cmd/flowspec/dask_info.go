package main

import (
	"encoding/json"
	"fmt"
	"io"
	"strings"
	"text/tabwriter"

	"github.com/flowspec/flowspec/dask/client"
)

// renderInfo writes info as text (format "" or "text") or JSON ("json").
func renderInfo(w io.Writer, info *client.ClusterInfo, format string) error {
	switch format {
	case "", "text":
		return renderInfoText(w, info)
	case "json":
		enc := json.NewEncoder(w)
		enc.SetIndent("", "  ")
		return enc.Encode(info)
	}
	return fmt.Errorf("unknown output format %q: use text or json", format)
}

func renderInfoText(w io.Writer, info *client.ClusterInfo) error {
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	row := func(k, v string) { fmt.Fprintf(tw, "%s\t%s\n", k, v) }
	row("scheduler", info.Address)
	row("distributed", info.Distributed+versionSuffix(info))
	row("dialect", info.Dialect)
	row("workers", fmt.Sprintf("%d (%d threads, %s memory)", len(info.Workers), info.Threads, humanBytes(info.Memory)))
	dash := "(none)"
	if info.Dashboard != "" {
		dash = info.Dashboard
		if info.DashboardNeeds != "" {
			dash = "(none: " + strings.TrimPrefix(dashboardLine(info), "no dashboard: ") + ")"
		}
	}
	row("dashboard", dash)
	row("work stealing", info.WorkStealing)
	if len(info.Workers) > 0 {
		fmt.Fprintln(tw)
		fmt.Fprintln(tw, "WORKER\tNAME\tTHREADS\tMEMORY\tSTATUS")
		for _, wk := range info.Workers {
			name := wk.Name
			if name == "" || name == wk.Address {
				name = "-"
			}
			fmt.Fprintf(tw, "%s\t%s\t%d\t%s\t%s\n", wk.Address, name, wk.Threads, humanBytes(wk.Memory), wk.Status)
		}
	}
	return tw.Flush()
}

// dashboardLine words the dashboard: its link, or, when the scheduler's
// Python lacks what the dashboard needs, that first (the link would only
// say "Dask needs bokeh").
func dashboardLine(info *client.ClusterInfo) string {
	if info.DashboardNeeds == "" {
		return "dashboard " + info.Dashboard
	}
	return fmt.Sprintf("no dashboard: the scheduler's Python has no %s, so %s only says Dask needs it (pip install %s where the scheduler runs, then restart it)",
		info.DashboardNeeds, info.Dashboard, info.DashboardNeeds)
}

func versionSuffix(info *client.ClusterInfo) string {
	var parts []string
	if info.Dask != "" {
		parts = append(parts, "dask "+info.Dask)
	}
	if info.Python != "" {
		parts = append(parts, "python "+info.Python)
	}
	if len(parts) == 0 {
		return ""
	}
	return " (" + strings.Join(parts, ", ") + ")"
}

// humanBytes renders n as Dask does on its dashboard: 1.50 GiB.
func humanBytes(n int64) string {
	const unit = 1024
	if n < unit {
		return fmt.Sprintf("%d B", n)
	}
	div, exp := int64(unit), 0
	for m := n / unit; m >= unit; m /= unit {
		div *= unit
		exp++
	}
	return fmt.Sprintf("%.2f %ciB", float64(n)/float64(div), "KMGTPE"[exp])
}
