package main

import (
	"context"
	"fmt"
	"sync"

	"github.com/flowspec/flowspec/dask"
	"github.com/flowspec/flowspec/runtime"
	"github.com/urfave/cli/v2"
)

// withGateway makes choice get its cluster from a Dask Gateway: the first
// open creates (or finds) it and points cfg at it; later opens, the runs of
// a scheduled flow, reuse it while it runs and make a new one if it died;
// release stops a cluster flowspec created, after success, failure or
// Ctrl-C alike.
func withGateway(c *cli.Context, cfg *dask.Config, choice *executorChoice) {
	var (
		mu sync.Mutex
		gc *dask.GatewayCluster
	)
	note := func(msg string) { fmt.Fprintf(c.App.ErrWriter, "flowspec: %s\n", msg) }
	open := choice.open
	choice.open = func(ctx context.Context) (runtime.Executor, error) {
		mu.Lock()
		defer mu.Unlock()
		if gc != nil && !gc.Alive(ctx) {
			note(fmt.Sprintf("dask gateway: cluster %s is no longer running; starting another", gc.Name))
			gc.Close()
			gc = nil
		}
		if gc == nil {
			var err error
			if gc, err = cfg.OpenGateway(ctx, note); err != nil {
				return nil, err
			}
			if gc.Dashboard != "" {
				fmt.Fprintf(c.App.ErrWriter, "dask: dashboard %s\n", gc.Dashboard)
			}
		}
		return open(ctx)
	}
	choice.release = func() {
		mu.Lock()
		defer mu.Unlock()
		if gc != nil {
			if err := gc.Close(); err != nil {
				note(err.Error())
			}
			gc = nil
		}
	}
}
