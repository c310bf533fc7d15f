package client

import (
	"context"
	"fmt"
	"net"
	"sort"
)

// SchedulerIdentity describes a scheduler and its workers.
type SchedulerIdentity struct {
	Address      string // as the scheduler names itself
	ID           string
	Workers      []IdentityWorker // sorted by address
	TotalThreads int
	TotalMemory  int64 // bytes, the sum of the workers' memory limits
	// DashboardPort is the dashboard's port (0 without a dashboard);
	// DashboardURL is http://<scheduler host>:<port>/status.
	DashboardPort int
	DashboardURL  string
}

// IdentityWorker is one worker as the scheduler reports it.
type IdentityWorker struct {
	Address     string
	Name        string
	NThreads    int
	MemoryLimit int64 // bytes, 0 for no limit
	Status      string
}

// Identity asks the scheduler about itself and its workers.
func (c *Client) Identity(ctx context.Context) (*SchedulerIdentity, error) {
	reply, err := c.call(ctx, "identity", identityRequest, c.opts.timeout())
	if err != nil {
		return nil, err
	}
	return c.identityOf(reply)
}

// identityRequest asks a scheduler for its identity.
var identityRequest = map[string]any{"op": "identity"}

// identityOf reads the scheduler's reply to identityRequest.
func (c *Client) identityOf(reply any) (*SchedulerIdentity, error) {
	m, ok := reply.(map[string]any)
	if !ok {
		return nil, fmt.Errorf("identity on Dask scheduler %s: the reply is a %T, not a map", c.addr, reply)
	}
	id := &SchedulerIdentity{}
	id.Address, _ = m["address"].(string)
	id.ID, _ = m["id"].(string)
	workers, _ := m["workers"].(map[string]any)
	for addr, w := range workers {
		wk := identityWorker(addr, w)
		id.Workers = append(id.Workers, wk)
		id.TotalThreads += wk.NThreads
		id.TotalMemory += wk.MemoryLimit
	}
	sort.Slice(id.Workers, func(i, j int) bool { return id.Workers[i].Address < id.Workers[j].Address })
	services, _ := m["services"].(map[string]any)
	if port, ok := services["dashboard"].(int64); ok && port > 0 {
		id.DashboardPort = int(port)
		id.DashboardURL = fmt.Sprintf("http://%s:%d/status", hostOf(id.Address, c.addr), port)
	}
	return id, nil
}

func identityWorker(addr string, v any) IdentityWorker {
	m, _ := v.(map[string]any)
	w := IdentityWorker{Address: addr}
	if name, ok := m["name"]; ok && name != nil {
		w.Name = fmt.Sprint(name)
	}
	n, _ := m["nthreads"].(int64)
	w.NThreads = int(n)
	w.MemoryLimit, _ = m["memory_limit"].(int64)
	w.Status, _ = m["status"].(string)
	return w
}

// hostOf returns the host of the first address that has one.
func hostOf(addrs ...string) string {
	for _, a := range addrs {
		if _, hp, err := splitAddress(a); err == nil {
			if host, _, err := net.SplitHostPort(hp); err == nil && host != "" {
				return host
			}
		}
	}
	return "localhost"
}
