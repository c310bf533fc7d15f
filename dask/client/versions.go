package client

import (
	"context"
	"fmt"
	"strings"
)

// SchedulerVersions is the software a scheduler runs, from its versions
// reply.
type SchedulerVersions struct {
	Distributed string // as reported, e.g. "2026.8.0" or "2024.1.1+12.gabcdef" (see wire.ParseVersion)
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

// HasPackage reports whether the scheduler's Python can import package
// (Dask's versions call, asked for that package: its version or None).
func (c *Client) HasPackage(ctx context.Context, pkg string) (bool, error) {
	reply, err := c.call(ctx, "versions", map[string]any{"op": "versions", "packages": []any{pkg}}, c.opts.timeout())
	if err != nil {
		return false, err
	}
	m, _ := reply.(map[string]any)
	pkgs, _ := m["packages"].(map[string]any)
	v, _ := pkgs[pkg].(string)
	return v != "", nil
}
