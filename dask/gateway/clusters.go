package gateway

import (
	"context"
	"net/http"
	"net/url"
	"sort"
)

// Status is a cluster's state as the gateway reports it.
type Status string

// The statuses a cluster goes through.
const (
	Pending  Status = "PENDING"
	Running  Status = "RUNNING"
	Stopping Status = "STOPPING"
	Stopped  Status = "STOPPED"
	Failed   Status = "FAILED"
)

// Report is the gateway's account of one cluster. TLSCert, TLSKey and
// DashboardRoute are set only while it runs.
type Report struct {
	Name           string         `json:"name"`
	Status         Status         `json:"status"`
	DashboardRoute string         `json:"dashboard_route"`
	StartTime      int64          `json:"start_time"`
	StopTime       *int64         `json:"stop_time"`
	Options        map[string]any `json:"options"`
	TLSCert        string         `json:"tls_cert"`
	TLSKey         string         `json:"tls_key"`
}

// Option is one cluster option the gateway offers.
type Option struct {
	Field   string         `json:"field"`
	Label   string         `json:"label"`
	Default any            `json:"default"`
	Spec    map[string]any `json:"spec"`
}

// Version returns the gateway's version.
func (c *Client) Version(ctx context.Context) (string, error) {
	var v struct {
		Version string `json:"version"`
	}
	err := c.do(ctx, http.MethodGet, "/api/version", nil, &v)
	return v.Version, err
}

// Options lists the options a new cluster takes.
func (c *Client) Options(ctx context.Context) ([]Option, error) {
	var v struct {
		Options []Option `json:"cluster_options"`
	}
	err := c.do(ctx, http.MethodGet, "/api/v1/options", nil, &v)
	return v.Options, err
}

// List returns the user's clusters, sorted by name: the active ones, or
// those in the statuses given.
func (c *Client) List(ctx context.Context, statuses ...Status) ([]Report, error) {
	path := "/api/v1/clusters/"
	if len(statuses) > 0 {
		q := ""
		for i, s := range statuses {
			if i > 0 {
				q += ","
			}
			q += string(s)
		}
		path += "?status=" + url.QueryEscape(q)
	}
	var m map[string]Report
	if err := c.do(ctx, http.MethodGet, path, nil, &m); err != nil {
		return nil, err
	}
	out := make([]Report, 0, len(m))
	for _, r := range m {
		out = append(out, r)
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Name < out[j].Name })
	return out, nil
}

// Create asks for a new cluster with options (nil: the defaults) and
// returns its name; it is PENDING until Wait sees it run.
func (c *Client) Create(ctx context.Context, options map[string]any) (string, error) {
	if options == nil {
		options = map[string]any{}
	}
	var v struct {
		Name string `json:"name"`
	}
	if err := c.do(ctx, http.MethodPost, "/api/v1/clusters/", map[string]any{"cluster_options": options}, &v); err != nil {
		return "", err
	}
	if v.Name == "" {
		return "", unavailablef("Dask Gateway %s created a cluster without a name: is it a Dask Gateway?", c.Address)
	}
	return v.Name, nil
}

// Get returns the cluster's report; with wait the gateway holds the answer
// until the cluster is ready, for at most about 20 seconds.
func (c *Client) Get(ctx context.Context, name string, wait bool) (*Report, error) {
	path := "/api/v1/clusters/" + url.PathEscape(name)
	if wait {
		path += "?wait"
	}
	r := &Report{}
	return r, c.do(ctx, http.MethodGet, path, nil, r)
}

// Scale asks for n workers. The gateway may cap n; the returned message
// says so.
func (c *Client) Scale(ctx context.Context, name string, n int) (string, error) {
	return c.ack(ctx, "/api/v1/clusters/"+url.PathEscape(name)+"/scale", map[string]any{"count": n})
}

// Adapt makes the cluster adaptive between minimum and maximum workers (nil:
// the gateway's bound).
func (c *Client) Adapt(ctx context.Context, name string, minimum, maximum *int) (string, error) {
	return c.ack(ctx, "/api/v1/clusters/"+url.PathEscape(name)+"/adapt", map[string]any{"minimum": minimum, "maximum": maximum, "active": true})
}

// ack posts body to path and returns the gateway's message when it did not
// do exactly what was asked.
func (c *Client) ack(ctx context.Context, path string, body any) (string, error) {
	var v struct {
		OK  bool   `json:"ok"`
		Msg string `json:"msg"`
	}
	if err := c.do(ctx, http.MethodPost, path, body, &v); err != nil {
		return "", err
	}
	if !v.OK && v.Msg != "" {
		return v.Msg, nil
	}
	return "", nil
}

// Stop shuts the cluster down. Stopping an unknown cluster succeeds.
func (c *Client) Stop(ctx context.Context, name string) error {
	return c.do(ctx, http.MethodDelete, "/api/v1/clusters/"+url.PathEscape(name), nil, nil)
}
