package main

import (
	"context"

	"github.com/flowspec/flowspec/dask"
	"github.com/flowspec/flowspec/dask/client"
	"github.com/urfave/cli/v2"
)

func daskCommand() *cli.Command {
	return &cli.Command{
		Name:  "dask",
		Usage: "inspect Dask clusters and manage Dask Gateway clusters",
		Subcommands: []*cli.Command{gatewayCommand(), {
			Name:      "info",
			Usage:     "print a scheduler's version, workers, threads, memory, dashboard and work stealing",
			ArgsUsage: "[ADDRESS]",
			Description: `ADDRESS defaults to FLOWSPEC_DASK_ADDRESS, then DASK_SCHEDULER_ADDRESS. A Dask
Gateway cluster is gateway://PROXYHOST:PORT/NAME, with the gateway's API and
credentials from DASK_GATEWAY__* (see flowspec dask gateway --help).

Examples:
   flowspec dask info tcp://127.0.0.1:8786
   flowspec dask info gateway://gateway.example.com:8786/NAME
   flowspec dask info --format json tls://scheduler:8786`,
			Flags: []cli.Flag{formatFlag("text", "text or json")},
			Action: func(c *cli.Context) error {
				cfg, err := dask.Resolve(dask.Inputs{Executor: "dask", Address: c.Args().First()})
				if err == nil {
					err = cfg.LoadTLS()
				}
				if err != nil {
					return exitf(kindInvalid, "%v", err)
				}
				if cfg.Gateway != nil {
					if err := openNamedGateway(c.Context, cfg); err != nil {
						return err
					}
				}
				ctx, cancel := context.WithTimeout(c.Context, cfg.TimeoutDuration())
				defer cancel()
				info, err := client.Info(ctx, cfg.Address.Value, cfg.DialOptions())
				if err != nil {
					return err // kindOf: unreachable is exit 3
				}
				return renderInfo(c.App.Writer, info, c.String("format"))
			},
		}},
	}
}

// openNamedGateway points cfg at a running Dask Gateway cluster, which info
// must name: it inspects clusters, it does not create them.
func openNamedGateway(ctx context.Context, cfg *dask.Config) error {
	if cfg.Gateway.Cluster.Value == "" {
		return exitf(kindInvalid, "which Dask Gateway cluster? write gateway://HOST:PORT/NAME (flowspec dask gateway list shows the names)")
	}
	_, err := cfg.OpenGateway(ctx, nil)
	return err
}
