package main

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"strconv"
	"strings"
	"text/tabwriter"
	"time"

	"github.com/flowspec/flowspec/dask"
	"github.com/flowspec/flowspec/dask/gateway"
	"github.com/urfave/cli/v2"
)

// gatewayCommand is `flowspec dask gateway`, for people who manage Dask
// Gateway clusters by hand (a run creates and stops its own).
func gatewayCommand() *cli.Command {
	return &cli.Command{
		Name:  "gateway",
		Usage: "list, create, scale and stop Dask Gateway clusters, and show their options",
		Description: `The gateway is --gateway, else DASK_GATEWAY__ADDRESS; authentication is
--auth (basic or jupyterhub, else DASK_GATEWAY__AUTH__TYPE), with the basic
password read from the variable --password-env names (else
DASK_GATEWAY__AUTH__KWARGS__PASSWORD) and the token from JUPYTERHUB_API_TOKEN.

Examples:
   flowspec dask gateway options --gateway https://gw.example.com
   flowspec dask gateway create --option worker_cores=2 --workers 4
   flowspec dask gateway list
   flowspec dask gateway scale CLUSTER 8
   flowspec dask gateway stop CLUSTER`,
		Subcommands: []*cli.Command{
			gatewaySub("list", "list your clusters (running and pending; --all adds stopped and failed)", "",
				[]cli.Flag{&cli.BoolFlag{Name: "all", Usage: "include stopped and failed clusters"}}, gatewayList),
			gatewaySub("create", "create a cluster, wait until it runs and scale it; it keeps running", "",
				[]cli.Flag{
					&cli.StringSliceFlag{Name: "option", Aliases: []string{"o"}, Usage: "cluster option `NAME=VALUE` (VALUE read as JSON when it is JSON); see options"},
					&cli.IntFlag{Name: "workers", Value: dask.DefaultGatewayWorkers, Usage: "scale to `N` workers"},
				}, gatewayCreate),
			gatewaySub("scale", "scale a cluster to N workers, or make it adaptive", "CLUSTER [N]",
				[]cli.Flag{
					&cli.StringFlag{Name: "adapt", Usage: "adaptive between `MIN:MAX` workers instead of a fixed N"},
				}, gatewayScale),
			gatewaySub("stop", "stop clusters", "CLUSTER...", nil, gatewayStop),
			gatewaySub("options", "show the options a new cluster takes", "", nil, gatewayOptions),
		},
	}
}

// gatewaySub is one subcommand with the gateway flags every one takes.
func gatewaySub(name, usage, args string, flags []cli.Flag, action func(*cli.Context, *gateway.Client, *dask.Config) error) *cli.Command {
	common := []cli.Flag{
		&cli.StringFlag{Name: "gateway", Usage: "the gateway's `ADDRESS`, https://host:port (default: DASK_GATEWAY__ADDRESS)"},
		&cli.StringFlag{Name: "auth", Usage: "basic or jupyterhub (default: DASK_GATEWAY__AUTH__TYPE, else jupyterhub when JUPYTERHUB_API_TOKEN is set, else basic)"},
		&cli.StringFlag{Name: "user", Usage: "basic-auth `USER` (default: the login name)"},
		&cli.StringFlag{Name: "password-env", Usage: "the environment `VARIABLE` holding the basic-auth password"},
		formatFlag("text", "text or json"),
	}
	return &cli.Command{
		Name: name, Usage: usage, ArgsUsage: args, Flags: append(flags, common...),
		Action: func(c *cli.Context) error {
			if f := c.String("format"); f != "text" && f != "json" {
				return exitf(kindInvalid, "unknown --format %q: use text or json", f)
			}
			cfg, err := dask.Resolve(dask.Inputs{Executor: "dask", Gateway: dask.GatewayFlags{
				Address: c.String("gateway"), Auth: c.String("auth"), User: c.String("user"), PasswordEnv: c.String("password-env")}})
			if cfg != nil && cfg.Gateway == nil {
				err = fmt.Errorf("no Dask Gateway given: pass --gateway https://HOST:PORT or set %s", dask.EnvGatewayAddress)
			}
			if err != nil {
				return exitf(kindInvalid, "%v", err)
			}
			api, err := cfg.NewGatewayClient()
			if err != nil {
				return exitf(kindInvalid, "%v", err)
			}
			return action(c, api, cfg)
		},
	}
}

// gatewayList prints the user's clusters.
func gatewayList(c *cli.Context, api *gateway.Client, cfg *dask.Config) error {
	var statuses []gateway.Status
	if c.Bool("all") {
		statuses = []gateway.Status{gateway.Pending, gateway.Running, gateway.Stopping, gateway.Stopped, gateway.Failed}
	}
	rs, err := api.List(c.Context, statuses...)
	if err != nil {
		return err
	}
	if c.String("format") == "json" {
		return writeJSON(c.App.Writer, listView(cfg, rs))
	}
	tw := tabwriter.NewWriter(c.App.Writer, 0, 0, 2, ' ', 0)
	fmt.Fprintln(tw, "NAME\tSTATUS\tSTARTED\tDASHBOARD")
	for _, r := range rs {
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\n", r.Name, r.Status, time.UnixMilli(r.StartTime).UTC().Format(time.RFC3339), dashboard(cfg, r.DashboardRoute))
	}
	return tw.Flush()
}

// clusterView is a cluster as list --format json shows it: no certificate,
// and above all no private key.
type clusterView struct {
	Name      string         `json:"name"`
	Status    string         `json:"status"`
	Started   string         `json:"started"`
	Dashboard string         `json:"dashboard,omitempty"`
	Options   map[string]any `json:"options"`
}

func listView(cfg *dask.Config, rs []gateway.Report) []clusterView {
	out := make([]clusterView, 0, len(rs))
	for _, r := range rs {
		v := clusterView{Name: r.Name, Status: string(r.Status), Started: time.UnixMilli(r.StartTime).UTC().Format(time.RFC3339), Options: r.Options}
		if r.DashboardRoute != "" {
			v.Dashboard = dashboard(cfg, r.DashboardRoute)
		}
		out = append(out, v)
	}
	return out
}

// dashboard is the public address plus a cluster's route, or "-".
func dashboard(cfg *dask.Config, route string) string {
	if route == "" {
		return "-"
	}
	return strings.TrimRight(cfg.Gateway.Public.Value, "/") + route
}

// gatewayCreate creates a cluster, waits for it and scales it, and prints
// how to use it; the cluster keeps running.
func gatewayCreate(c *cli.Context, api *gateway.Client, cfg *dask.Config) error {
	opts, err := clusterOptions(c.StringSlice("option"))
	if err != nil {
		return exitf(kindInvalid, "%v", err)
	}
	name, err := api.Create(c.Context, opts)
	if err != nil {
		return err
	}
	ctx, cancel := context.WithTimeout(c.Context, dask.GatewayStartTimeout)
	defer cancel()
	r, err := api.Wait(ctx, name)
	if err == nil {
		_, err = api.Scale(c.Context, name, c.Int("workers"))
	}
	if err != nil {
		_ = api.Stop(context.Background(), name)
		return err
	}
	addr := "gateway://" + cfg.Gateway.Proxy.Value + "/" + name
	if c.String("format") == "json" {
		return writeJSON(c.App.Writer, map[string]string{"name": name, "address": addr, "dashboard": dashboard(cfg, r.DashboardRoute)})
	}
	fmt.Fprintf(c.App.Writer, "%s\naddress   %s\ndashboard %s\nrun on it: flowspec run --address %s FLOW.yaml (with %s set)\nstop it:   flowspec dask gateway stop %s\n",
		name, addr, dashboard(cfg, r.DashboardRoute), addr, dask.EnvGatewayAddress, name)
	return nil
}

// clusterOptions reads NAME=VALUE pairs, VALUE as JSON when it is JSON.
func clusterOptions(pairs []string) (map[string]any, error) {
	out := map[string]any{}
	for _, p := range pairs {
		k, v, ok := strings.Cut(p, "=")
		if !ok || k == "" {
			return nil, fmt.Errorf("--option %q: write NAME=VALUE (flowspec dask gateway options lists the names)", p)
		}
		var val any
		if json.Unmarshal([]byte(v), &val) != nil {
			val = v
		}
		out[k] = val
	}
	return out, nil
}

// gatewayScale scales a cluster or makes it adaptive.
func gatewayScale(c *cli.Context, api *gateway.Client, _ *dask.Config) error {
	name := c.Args().First()
	if name == "" {
		return exitf(kindInvalid, "which cluster? flowspec dask gateway scale CLUSTER N (flowspec dask gateway list shows them)")
	}
	var msg string
	var err error
	if a := c.String("adapt"); a != "" {
		lo, hi, ok := strings.Cut(a, ":")
		minimum, err1 := strconv.Atoi(lo)
		maximum, err2 := strconv.Atoi(hi)
		if !ok || err1 != nil || err2 != nil || minimum < 0 || maximum < minimum {
			return exitf(kindInvalid, "--adapt %q: write MIN:MAX, two whole numbers with MIN <= MAX, e.g. 1:10", a)
		}
		msg, err = api.Adapt(c.Context, name, &minimum, &maximum)
	} else {
		n, convErr := strconv.Atoi(c.Args().Get(1))
		if convErr != nil || n < 0 {
			return exitf(kindInvalid, "scale %s to how many workers? give a whole number >= 0 (or --adapt MIN:MAX)", name)
		}
		msg, err = api.Scale(c.Context, name, n)
	}
	if err != nil {
		return err
	}
	if msg != "" {
		fmt.Fprintf(c.App.ErrWriter, "flowspec: dask gateway: %s\n", msg)
	}
	return nil
}

// gatewayStop stops the named clusters.
func gatewayStop(c *cli.Context, api *gateway.Client, _ *dask.Config) error {
	if c.NArg() == 0 {
		return exitf(kindInvalid, "which cluster? flowspec dask gateway stop CLUSTER... (flowspec dask gateway list shows them)")
	}
	for _, name := range c.Args().Slice() {
		if err := api.Stop(c.Context, name); err != nil {
			return err
		}
		fmt.Fprintf(c.App.ErrWriter, "flowspec: dask gateway: stopped cluster %s\n", name)
	}
	return nil
}

// gatewayOptions prints the options a new cluster takes.
func gatewayOptions(c *cli.Context, api *gateway.Client, _ *dask.Config) error {
	opts, err := api.Options(c.Context)
	if err != nil {
		return err
	}
	if c.String("format") == "json" {
		return writeJSON(c.App.Writer, opts)
	}
	if len(opts) == 0 {
		fmt.Fprintln(c.App.Writer, "(the gateway offers no cluster options)")
		return nil
	}
	tw := tabwriter.NewWriter(c.App.Writer, 0, 0, 2, ' ', 0)
	fmt.Fprintln(tw, "NAME\tTYPE\tDEFAULT\tLABEL")
	for _, o := range opts {
		typ := fmt.Sprint(o.Spec["type"])
		if choices, ok := o.Spec["options"].([]any); ok {
			typ += fmt.Sprintf(" %v", choices)
		}
		def, _ := json.Marshal(o.Default)
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\n", o.Field, typ, def, o.Label)
	}
	return tw.Flush()
}

// writeJSON writes v as indented JSON.
func writeJSON(w io.Writer, v any) error {
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	return enc.Encode(v)
}
