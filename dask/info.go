package dask

import (
	"context"
)

// Info connects to the scheduler at addr and describes it and its workers
// for `flowspec dask info`; see RenderInfo. Work stealing is "unknown" when
// the cluster blocks run_function.
func Info(ctx context.Context, addr string, opts DialOptions) (*ClusterInfo, error) {
	c, err := Dial(ctx, addr, opts)
	if err != nil {
		return nil, err
	}
	defer c.Close()
	return clusterInfo(ctx, c)
}

// clusterInfo asks an open client for the cluster's facts.
func clusterInfo(ctx context.Context, c *Client) (*ClusterInfo, error) {
	v, err := c.Versions(ctx)
	if err != nil {
		return nil, err
	}
	id, err := c.Identity(ctx)
	if err != nil {
		return nil, err
	}
	info := &ClusterInfo{
		Address: c.Address(), Distributed: v.Distributed, Dask: v.Dask, Python: v.Python,
		Dialect: c.Dialect().String(), Threads: id.TotalThreads, Memory: id.TotalMemory,
		Dashboard: id.DashboardURL, Workers: []WorkerInfo{},
	}
	for _, w := range id.Workers {
		info.Workers = append(info.Workers, WorkerInfo{Address: w.Address, Name: w.Name, Threads: w.NThreads, Memory: w.MemoryLimit, Status: w.Status})
	}
	on, known, err := c.WorkStealing(ctx)
	switch {
	case err != nil:
		return nil, err
	case !known:
		info.WorkStealing = StealingUnknown
	case on:
		info.WorkStealing = StealingOn
	default:
		info.WorkStealing = StealingOff
	}
	return info, nil
}
