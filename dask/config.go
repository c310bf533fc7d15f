package dask

import (
	"crypto/tls"
	"errors"
	"fmt"
	"io"
	"os"
	"strings"
	"time"

	"github.com/flowspec/flowspec/dask/client"
	"github.com/flowspec/flowspec/internal/address"
	"github.com/flowspec/flowspec/spec"
)

// Environment variables the executor settings are read from.
const (
	EnvExecutor      = "FLOWSPEC_EXECUTOR"
	EnvAddress       = "FLOWSPEC_DASK_ADDRESS"
	EnvDaskScheduler = "DASK_SCHEDULER_ADDRESS"
	EnvTLSCA         = "DASK_DISTRIBUTED__COMM__TLS__CA_FILE"
	EnvTLSCert       = "DASK_DISTRIBUTED__COMM__TLS__CLIENT__CERT"
	EnvTLSKey        = "DASK_DISTRIBUTED__COMM__TLS__CLIENT__KEY"
	// EnvServerName is flowspec's own: Dask's configuration has no server
	// name (its Gateway client sets one in code).
	EnvServerName = "FLOWSPEC_DASK_SERVER_NAME"
)

// Setting is one resolved value and where it came from: "flag --address",
// "env FLOWSPEC_DASK_ADDRESS", "file flow.yaml:12:5" or "default". An empty
// Source means the setting is unset.
type Setting struct {
	Value  string `json:"value"`
	Source string `json:"source,omitempty"`
}

// Config is the executor configuration of one run, every setting with its
// source, so `flowspec run --explain-config` can say why a run went where
// it did.
type Config struct {
	Executor Setting `json:"executor"` // "local" or "dask"
	Address  Setting `json:"address"`  // tcp://host:port or tls://host:port
	CAFile   Setting `json:"ca_file"`
	CertFile Setting `json:"cert_file"`
	KeyFile  Setting `json:"key_file"` // defaults to CertFile
	// ServerName is the TLS server name (SNI) sent; unset means the
	// address's host.
	ServerName Setting `json:"server_name"`
	Timeout    Setting `json:"timeout"` // a Go duration, e.g. "10s"
	// LocalWorkers is the file's executor.local.workers (0: one per CPU).
	LocalWorkers Setting `json:"local_workers"`
	// Gateway is set when a Dask Gateway provides the cluster; OpenGateway
	// then sets Address, ServerName and the TLS configuration to reach it.
	Gateway *GatewayConfig `json:"gateway,omitempty"`

	tlsConfig *tls.Config // the TLS files, read and parsed by LoadTLS
}

// Inputs are what Resolve reads: the command line's flags, the environment
// and the flow file.
type Inputs struct {
	Executor string // --executor, "" when not given
	Address  string // --address, "" when not given
	// Getenv reads the environment; nil means os.LookupEnv.
	Getenv func(string) (string, bool)
	// File is the flow's executor block (spec.Flow.Executor), nil when the
	// file has none.
	File *spec.Executor
	// Gateway holds the command line's Dask Gateway flags, "" when not given.
	Gateway GatewayFlags
}

// Resolve settles the executor configuration with the precedence flag >
// environment > file > default (local). An address alone, from a flag or
// FLOWSPEC_DASK_ADDRESS, selects Dask; DASK_SCHEDULER_ADDRESS, being Dask's
// own variable that other tools share, only supplies the address once Dask
// is selected. Errors say which setting is wrong and how to fix it.
func Resolve(in Inputs) (*Config, error) {
	env := in.Getenv
	if env == nil {
		env = os.LookupEnv
	}
	c := &Config{}
	r := resolver{env: env}
	c.Address = r.first(
		flagSetting("--address", in.Address),
		r.envVar(EnvAddress),
		r.envVar(EnvDaskScheduler),
		fileSetting(in.File, func(e *spec.Executor) (string, spec.Range) {
			if e.Dask == nil {
				return "", spec.Range{}
			}
			return e.Dask.Address, pick(e.Dask.Range, e.Range)
		}),
	)
	c.Executor = r.first(
		flagSetting("--executor", in.Executor),
		r.envVar(EnvExecutor),
		addressSelects(c.Address),
		fileSetting(in.File, func(e *spec.Executor) (string, spec.Range) { return e.Kind, e.Range }),
		Setting{Value: "local", Source: "default"},
	)
	c.CAFile = r.first(r.envVar(EnvTLSCA), fileSecurity(in.File, "ca_file", func(s *spec.Security) string { return s.CAFile }))
	c.CertFile = r.first(r.envVar(EnvTLSCert), fileSecurity(in.File, "cert_file", func(s *spec.Security) string { return s.CertFile }))
	c.KeyFile = r.first(r.envVar(EnvTLSKey), fileSecurity(in.File, "key_file", func(s *spec.Security) string { return s.KeyFile }))
	c.ServerName = r.first(r.envVar(EnvServerName), fileSecurity(in.File, "server_name", func(s *spec.Security) string { return s.ServerName }))
	c.Timeout = r.first(
		fileSetting(in.File, func(e *spec.Executor) (string, spec.Range) {
			if e.Dask == nil || e.Dask.Timeout == nil {
				return "", spec.Range{}
			}
			return e.Dask.Timeout.Duration.String(), pick(e.Dask.Timeout.Range, e.Dask.Range)
		}),
		Setting{Value: client.DefaultTimeout.String(), Source: "default"},
	)
	c.LocalWorkers = r.first(
		fileSetting(in.File, func(e *spec.Executor) (string, spec.Range) {
			if e.Local == nil || e.Local.Workers == 0 {
				return "", spec.Range{}
			}
			return fmt.Sprint(e.Local.Workers), e.Range
		}),
		Setting{Value: "0", Source: "default"},
	)
	if c.Executor.Value == "dask" {
		c.Gateway = r.resolveGateway(c, in)
	}
	return c, c.validate()
}

// resolver picks the first set setting.
type resolver struct {
	env func(string) (string, bool)
}

func (r resolver) first(candidates ...Setting) Setting {
	for _, s := range candidates {
		if s.Source != "" {
			return s
		}
	}
	return Setting{}
}

func (r resolver) envVar(name string) Setting {
	if v, ok := r.env(name); ok && strings.TrimSpace(v) != "" {
		return Setting{Value: strings.TrimSpace(v), Source: "env " + name}
	}
	return Setting{}
}

func flagSetting(name, v string) Setting {
	if v == "" {
		return Setting{}
	}
	return Setting{Value: v, Source: "flag " + name}
}

// addressSelects makes an address given by a flag or FLOWSPEC_DASK_ADDRESS
// select Dask.
func addressSelects(addr Setting) Setting {
	if addr.Source == "flag --address" || addr.Source == "env "+EnvAddress {
		return Setting{Value: "dask", Source: addr.Source}
	}
	return Setting{}
}

func fileSetting(e *spec.Executor, get func(*spec.Executor) (string, spec.Range)) Setting {
	if e == nil {
		return Setting{}
	}
	v, rng := get(e)
	if v == "" {
		return Setting{}
	}
	return Setting{Value: v, Source: "file " + rng.String()}
}

// fileSecurity is the security block's field name, with the position it
// was written at.
func fileSecurity(e *spec.Executor, name string, get func(*spec.Security) string) Setting {
	return fileSetting(e, func(e *spec.Executor) (string, spec.Range) {
		if e.Dask == nil || e.Dask.Security == nil {
			return "", spec.Range{}
		}
		s := e.Dask.Security
		return get(s), pick(s.At[name], s.Range, e.Dask.Range)
	})
}

// pick returns the first range that names a place.
func pick(rs ...spec.Range) spec.Range {
	for _, r := range rs {
		if r.Start.IsValid() || r.File != "" {
			return r
		}
	}
	return spec.Range{}
}

// validate checks the resolved settings and normalizes a bare host:port
// address to tcp://host:port, as Dask does.
func (c *Config) validate() error {
	switch c.Executor.Value {
	case "local":
		return nil
	case "dask":
	default:
		return fmt.Errorf("%s: unknown executor %q: use local or dask", c.Executor.Source, c.Executor.Value)
	}
	if c.Gateway != nil {
		return c.validateGateway()
	}
	if c.Address.Value == "" {
		return errors.New("the dask executor needs a scheduler address: pass --address tcp://HOST:8786 (or gateway://HOST:PORT for a Dask Gateway), set " + EnvAddress + ", or set executor.dask.address (or executor.dask.gateway) in the flow file")
	}
	if _, err := time.ParseDuration(c.Timeout.Value); err != nil {
		return fmt.Errorf("%s: timeout %q: %v", c.Timeout.Source, c.Timeout.Value, err)
	}
	if p := address.CheckDask(c.Address.Value); p != nil {
		return fmt.Errorf("%s: %s: %s", c.Address.Source, p.Msg, p.Hint)
	}
	if !strings.Contains(c.Address.Value, "://") {
		c.Address.Value = "tcp://" + c.Address.Value
	}
	if strings.HasPrefix(c.Address.Value, "tls://") {
		return c.validateTLS()
	}
	return nil
}

// TimeoutDuration returns the resolved timeout.
func (c *Config) TimeoutDuration() time.Duration {
	d, err := time.ParseDuration(c.Timeout.Value)
	if err != nil {
		return client.DefaultTimeout
	}
	return d
}

// Explain writes one line per setting, "name = value (source)", for
// `flowspec run --explain-config`.
func (c *Config) Explain(w io.Writer) error {
	rows := []struct {
		name string
		s    Setting
	}{
		{"executor", c.Executor}, {"address", c.Address}, {"ca_file", c.CAFile},
		{"cert_file", c.CertFile}, {"key_file", c.KeyFile}, {"server_name", c.ServerName}, {"timeout", c.Timeout},
		{"local_workers", c.LocalWorkers},
	}
	if g := c.Gateway; g != nil {
		rows = append(rows, []struct {
			name string
			s    Setting
		}{
			{"gateway", g.Address}, {"gateway.proxy", g.Proxy}, {"gateway.public", g.Public}, {"gateway.cluster", g.Cluster},
			{"gateway.auth", g.Auth}, {"gateway.user", g.User}, {"gateway.password", g.Password},
			{"gateway.workers", g.Workers}, {"gateway.adapt", g.Adapt}, {"gateway.keep", g.Keep},
		}...)
	}
	width := 13
	if c.Gateway != nil {
		width = len("gateway.password")
	}
	for _, r := range rows {
		v, src := r.s.Value, r.s.Source
		if src == "" {
			v, src = "(unset)", "-"
		}
		if _, err := fmt.Fprintf(w, "%-*s = %s (%s)\n", width, r.name, address.Redact(v), src); err != nil {
			return err
		}
	}
	return nil
}
