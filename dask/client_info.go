package dask

import (
	"bytes"
	"context"
	"fmt"
	"net"
	"sort"
	"strings"

	ogórek "github.com/kisielk/og-rek"
)

// SchedulerVersions is the software a scheduler runs, from its versions
// reply.
type SchedulerVersions struct {
	Distributed string // e.g. "2026.8.0"
	Dask        string
	Python      string // e.g. "3.11.7"
	// raw is the whole reply, echoed in register-client so the scheduler
	// sees matching versions and logs no mismatch warning.
	raw any
}

// Versions asks the scheduler which distributed, dask and Python it runs.
func (c *Client) Versions(ctx context.Context) (*SchedulerVersions, error) {
	reply, err := c.call(ctx, "versions", map[string]any{"op": "versions"}, c.opts.timeout())
	if err != nil {
		return nil, err
	}
	m, _ := reply.(map[string]any)
	pkgs, _ := m["packages"].(map[string]any)
	if pkgs == nil {
		return nil, fmt.Errorf("versions on Dask scheduler %s: the reply has no packages", c.addr)
	}
	v := &SchedulerVersions{raw: reply}
	v.Distributed, _ = pkgs["distributed"].(string)
	v.Dask, _ = pkgs["dask"].(string)
	py, _ := pkgs["python"].(string)
	v.Python = shortPython(py)
	c.mu.Lock()
	c.versions = v
	c.mu.Unlock()
	return v, nil
}

// shortPython turns "3.11.7.final.0" into "3.11.7".
func shortPython(s string) string {
	parts := strings.SplitN(s, ".", 4)
	if len(parts) > 3 {
		parts = parts[:3]
	}
	return strings.Join(parts, ".")
}

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
	reply, err := c.call(ctx, "identity", map[string]any{"op": "identity"}, c.opts.timeout())
	if err != nil {
		return nil, err
	}
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

// WorkStealing reports whether the scheduler runs Dask's work stealing
// (distributed.scheduler.work-stealing, read when the scheduler started).
// It asks with run_function and a pickled reference to dask.config.get, the
// same request Client.run_on_scheduler makes; known is false when the
// cluster blocks run_function (distributed.scheduler.blocked-handlers).
func (c *Client) WorkStealing(ctx context.Context) (on, known bool, err error) {
	fn, args, err := configGetPickles("distributed.scheduler.work-stealing")
	if err != nil {
		return false, false, err
	}
	msg := map[string]any{"op": "run_function", "function": fn, "args": args, "wait": true}
	reply, err := c.call(ctx, "run_function", msg, c.opts.timeout())
	if err != nil {
		if strings.Contains(err.Error(), "explicitly disallowed") {
			return false, false, nil
		}
		return false, false, err
	}
	m, _ := reply.(map[string]any)
	v, err := decodeResult(m["result"])
	if err != nil {
		return false, false, fmt.Errorf("run_function on Dask scheduler %s: %w", c.addr, err)
	}
	return truthy(v), true, nil
}

// configGetPickles pickles dask.config.get and its argument tuple.
func configGetPickles(key string) (fn, args []byte, err error) {
	var b1, b2 bytes.Buffer
	cfg := &ogórek.EncoderConfig{Protocol: 4, StrictUnicode: true}
	if err = ogórek.NewEncoderWithConfig(&b1, cfg).Encode(ogórek.Class{Module: "dask.config", Name: "get"}); err != nil {
		return nil, nil, err
	}
	if err = ogórek.NewEncoderWithConfig(&b2, cfg).Encode(ogórek.Tuple{key}); err != nil {
		return nil, nil, err
	}
	return b1.Bytes(), b2.Bytes(), nil
}

// truthy reads a configuration value as Python's bool() would, accepting
// the strings YAML and environment variables may leave behind.
func truthy(v any) bool {
	switch x := v.(type) {
	case bool:
		return x
	case int64:
		return x != 0
	case string:
		s := strings.ToLower(strings.TrimSpace(x))
		return s != "" && s != "false" && s != "0" && s != "no" && s != "off"
	}
	return v != nil
}
