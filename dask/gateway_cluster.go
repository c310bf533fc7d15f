package dask

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/flowspec/flowspec/dask/client"
	"github.com/flowspec/flowspec/dask/gateway"
)

// GatewayStartTimeout bounds how long a Dask Gateway cluster may take to
// start (PENDING to RUNNING) before the run gives up.
const GatewayStartTimeout = 2 * time.Minute

// GatewayCluster is a cluster a Dask Gateway provides for a run (or a
// scheduled flow's loop): the one named, or one flowspec created and shuts
// down in Close unless told to keep it.
type GatewayCluster struct {
	API     *gateway.Client
	Name    string
	Created bool // flowspec created it (and so stops it, unless Keep)
	Keep    bool
	// Dashboard is the gateway's public address plus the cluster's route.
	Dashboard string
	// Note receives lines worth telling the user (the cluster's name, a
	// capped scale); nil drops them.
	Note func(string)
}

// NewGatewayClient returns the HTTP client of the configured gateway.
func (c *Config) NewGatewayClient() (*gateway.Client, error) {
	g := c.Gateway
	if g == nil {
		return nil, errors.New("no Dask Gateway is configured")
	}
	auth, err := gateway.NewAuthenticator(g.Auth.Value, g.User.Value, g.password, g.token)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", g.Auth.Source, err)
	}
	api := gateway.New(g.Address.Value, auth, c.TimeoutDuration())
	api.AuthFrom = g.authFrom()
	return api, nil
}

// OpenGateway makes the configured gateway's cluster ready and points c at
// it: it creates a cluster with the configured options (or finds the
// named one), waits until it runs, scales it or makes it adaptive, and
// sets Address to the gateway's TLS proxy, ServerName to
// daskgateway-<name> and the TLS configuration to the cluster's own
// certificate. A cluster it created is stopped again if it fails to start.
func (c *Config) OpenGateway(ctx context.Context, note func(string)) (*GatewayCluster, error) {
	api, err := c.NewGatewayClient()
	if err != nil {
		return nil, err
	}
	g := c.Gateway
	gc := &GatewayCluster{API: api, Name: g.Cluster.Value, Keep: g.keepAfterRun, Note: note}
	if gc.Name == "" {
		if gc.Name, err = api.Create(ctx, g.Options); err != nil {
			return nil, err
		}
		gc.Created = true
		gc.note("dask gateway: created cluster %s", gc.Name)
	}
	if err := gc.start(ctx, c); err != nil {
		gc.Close()
		return nil, err
	}
	return gc, nil
}

// start waits for the cluster, scales it and sets c up to reach it.
func (gc *GatewayCluster) start(ctx context.Context, c *Config) error {
	g := c.Gateway
	wctx, cancel := context.WithTimeout(ctx, GatewayStartTimeout)
	defer cancel()
	r, err := gc.API.Wait(wctx, gc.Name)
	if err != nil {
		return err
	}
	if err := gc.scale(ctx, g); err != nil {
		return err
	}
	cfg, err := client.NewTLSConfig([]byte(r.TLSCert), []byte(r.TLSCert), []byte(r.TLSKey))
	if err != nil {
		return fmt.Errorf("the certificate and key of Dask Gateway cluster %s: %w", gc.Name, err)
	}
	src := "Dask Gateway " + g.Address.Value
	c.Address = Setting{Value: "tls://" + g.Proxy.Value, Source: src}
	c.ServerName = Setting{Value: "daskgateway-" + gc.Name, Source: src}
	c.tlsConfig = cfg
	if r.DashboardRoute != "" {
		gc.Dashboard = strings.TrimRight(g.Public.Value, "/") + r.DashboardRoute
	}
	return nil
}

// scale applies workers or adapt; a created cluster with neither gets
// DefaultGatewayWorkers, a named one is left as it is.
func (gc *GatewayCluster) scale(ctx context.Context, g *GatewayConfig) error {
	var msg string
	var err error
	switch {
	case g.adaptMin != nil || g.adaptMax != nil:
		msg, err = gc.API.Adapt(ctx, gc.Name, g.adaptMin, g.adaptMax)
	case g.workers != nil:
		msg, err = gc.API.Scale(ctx, gc.Name, *g.workers)
	case gc.Created && g.defaultWorkers:
		msg, err = gc.API.Scale(ctx, gc.Name, DefaultGatewayWorkers)
	}
	if msg != "" {
		gc.note("dask gateway: %s", msg)
	}
	return err
}

// Alive reports whether the cluster still runs, for a scheduled loop that
// reuses it between runs.
func (gc *GatewayCluster) Alive(ctx context.Context) bool {
	r, err := gc.API.Get(ctx, gc.Name, false)
	return err == nil && r.Status == gateway.Running
}

// Close stops a cluster flowspec created, unless it is to be kept; it runs
// after the run's context may have been cancelled (Ctrl-C), so it has its
// own deadline.
func (gc *GatewayCluster) Close() error {
	if !gc.Created {
		return nil
	}
	if gc.Keep {
		gc.note("dask gateway: cluster %s keeps running (gateway.keep); stop it with: flowspec dask gateway stop %s", gc.Name, gc.Name)
		return nil
	}
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	if r, err := gc.API.Get(ctx, gc.Name, false); err == nil && r.Status != gateway.Running && r.Status != gateway.Pending {
		gc.note("dask gateway: cluster %s was already %s: it was stopped from outside this run (or failed)", gc.Name, r.Status)
		return nil
	}
	if err := gc.API.Stop(ctx, gc.Name); err != nil {
		return fmt.Errorf("stopping Dask Gateway cluster %s: %w (stop it with: flowspec dask gateway stop %s)", gc.Name, err, gc.Name)
	}
	gc.note("dask gateway: stopped cluster %s", gc.Name)
	return nil
}

func (gc *GatewayCluster) note(format string, args ...any) {
	if gc.Note != nil {
		gc.Note(fmt.Sprintf(format, args...))
	}
}

// authFrom says where the credentials came from, never what they are.
func (g *GatewayConfig) authFrom() string {
	if g.Auth.Value == "jupyterhub" {
		return "token from env " + EnvJupyterHubToken
	}
	pw := "no password set"
	if g.Password.Source != "" {
		pw = "password from " + g.Password.Source
	}
	return fmt.Sprintf("user %q (%s), %s", g.User.Value, g.User.Source, pw)
}
