package client

import "context"

// Work-stealing states a ClusterInfo reports.
const (
	StealingOn      = "on"
	StealingOff     = "off"
	StealingUnknown = "unknown" // the scheduler blocks run_function
)

// ClusterInfo gathers a scheduler's facts: enough to see whether a run can
// go there and how much it can run at once. Its JSON form is what
// `flowspec dask info --format json` prints.
type ClusterInfo struct {
	Address     string       `json:"address"`
	Distributed string       `json:"distributed"` // the scheduler's distributed version
	Dask        string       `json:"dask,omitempty"`
	Python      string       `json:"python,omitempty"`
	Dialect     string       `json:"dialect"` // how flowspec submits graphs there
	Workers     []WorkerInfo `json:"workers"`
	Threads     int          `json:"threads"`      // over all workers
	Memory      int64        `json:"memory_bytes"` // memory limit over all workers
	Dashboard   string       `json:"dashboard,omitempty"`
	// DashboardNeeds names what the scheduler's Python lacks for its
	// dashboard ("bokeh": `pip install distributed` alone has none, and the
	// link then serves only "Dask needs bokeh"); "" when nothing is missing.
	DashboardNeeds string `json:"dashboard_needs,omitempty"`
	WorkStealing   string `json:"work_stealing"` // on, off or unknown
}

// WorkerInfo is one worker of a cluster.
type WorkerInfo struct {
	Address string `json:"address"`
	Name    string `json:"name,omitempty"`
	Threads int    `json:"threads"`
	Memory  int64  `json:"memory_bytes"`
	Status  string `json:"status,omitempty"`
}

// Info connects to the scheduler at addr and describes it and its workers
// for `flowspec dask info` and the checks before a run. Work stealing is
// "unknown" when the cluster blocks run_function.
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
	if info.Dashboard != "" {
		has, err := c.HasPackage(ctx, "bokeh")
		if err != nil {
			return nil, err
		}
		if !has {
			info.DashboardNeeds = "bokeh"
		}
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
