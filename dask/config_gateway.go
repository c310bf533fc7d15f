package dask

import (
	"fmt"
	"net"
	"net/url"
	"os/user"
	"strconv"
	"strings"
	"time"

	"github.com/flowspec/flowspec/internal/address"

	"github.com/flowspec/flowspec/spec"
)

// Dask Gateway's own configuration variables (dask-gateway's
// gateway.address, gateway.proxy-address, ...), read as its Python client
// reads them, and the JupyterHub token its jupyterhub auth sends.
const (
	EnvGatewayAddress  = "DASK_GATEWAY__ADDRESS"
	EnvGatewayProxy    = "DASK_GATEWAY__PROXY_ADDRESS"
	EnvGatewayPublic   = "DASK_GATEWAY__PUBLIC_ADDRESS"
	EnvGatewayAuth     = "DASK_GATEWAY__AUTH__TYPE"
	EnvGatewayUser     = "DASK_GATEWAY__AUTH__KWARGS__USERNAME"
	EnvGatewayPassword = "DASK_GATEWAY__AUTH__KWARGS__PASSWORD"
	EnvJupyterHubToken = "JUPYTERHUB_API_TOKEN"
)

// GatewayFlags are the Dask Gateway settings a command line gives (flowspec
// dask gateway ...); each overrides the environment and the file.
type GatewayFlags struct {
	Address     string // --gateway
	Auth        string // --auth
	User        string // --user
	PasswordEnv string // --password-env
}

// GatewayConfig is the Dask Gateway part of a configuration, every setting
// with its source. Password holds the name of the variable the password
// came from, never the password, which is in password.
type GatewayConfig struct {
	Address  Setting `json:"address"` // http(s)://host:port of the API
	Proxy    Setting `json:"proxy_address"`
	Public   Setting `json:"public_address"`
	Cluster  Setting `json:"cluster"`
	Auth     Setting `json:"auth"`
	User     Setting `json:"user"`
	Password Setting `json:"password"`
	Workers  Setting `json:"workers"`
	Adapt    Setting `json:"adapt"` // "min..max"
	Keep     Setting `json:"keep"`

	Options         map[string]any `json:"-"`
	password        string
	token           string
	adaptMin        *int
	adaptMax        *int
	workers         *int
	keepAfterRun    bool
	defaultWorkers  bool   // workers was not set: a created cluster gets DefaultGatewayWorkers
	missingPassword string // password_env names a variable that is not set
}

// DefaultGatewayWorkers is how many workers a cluster flowspec creates gets
// when neither workers nor adapt is set: Dask Gateway starts clusters with
// none, and a run on none would wait for ever.
const DefaultGatewayWorkers = 2

// resolveGateway settles the gateway settings when a gateway is selected: a
// gateway:// address, or, unless a flag or FLOWSPEC_DASK_ADDRESS names a
// scheduler, DASK_GATEWAY__ADDRESS or the file's gateway block. Like
// DASK_SCHEDULER_ADDRESS, DASK_GATEWAY__ADDRESS does not select the Dask
// executor by itself (JupyterHub sets it for every notebook); it says where
// Dask runs once Dask is selected.
func (r resolver) resolveGateway(c *Config, in Inputs) *GatewayConfig {
	fg := fileGateway(in.File)
	viaAddress := strings.HasPrefix(c.Address.Value, "gateway://")
	explicit := c.Address.Source == "flag --address" || c.Address.Source == "env "+EnvAddress
	envAddr := r.envVar(EnvGatewayAddress)
	fl := in.Gateway
	if !viaAddress && fl.Address == "" && (explicit || (envAddr.Source == "" && fg == nil)) {
		return nil
	}
	g := &GatewayConfig{}
	var proxyFromAddr, clusterFromAddr Setting
	if viaAddress {
		hostport, name, _ := strings.Cut(strings.TrimPrefix(c.Address.Value, "gateway://"), "/")
		proxyFromAddr = Setting{Value: hostport, Source: c.Address.Source}
		if name != "" {
			clusterFromAddr = Setting{Value: name, Source: c.Address.Source}
		}
	}
	g.Address = r.first(flagSetting("--gateway", fl.Address), envAddr, gatewayField(in.File, "address", func(g *spec.Gateway) string { return g.Address }),
		derived(proxyFromAddr, "http://"+proxyFromAddr.Value))
	g.Proxy = r.first(proxyFromAddr, r.envVar(EnvGatewayProxy), gatewayField(in.File, "proxy_address", func(g *spec.Gateway) string { return g.ProxyAddress }),
		Setting{Value: defaultProxy(g.Address.Value), Source: "default: the address's host and port"})
	g.Proxy.Value = strings.TrimPrefix(strings.TrimPrefix(g.Proxy.Value, "gateway://"), "tls://")
	g.Public = r.first(r.envVar(EnvGatewayPublic), gatewayField(in.File, "public_address", func(g *spec.Gateway) string { return g.PublicAddress }),
		Setting{Value: g.Address.Value, Source: "default: the address"})
	g.Cluster = r.first(clusterFromAddr, gatewayField(in.File, "cluster", func(g *spec.Gateway) string { return g.Cluster }))
	g.Auth = r.first(flagSetting("--auth", fl.Auth), r.envVar(EnvGatewayAuth), gatewayField(in.File, "auth", func(g *spec.Gateway) string { return g.Auth }), r.defaultAuth())
	g.User = r.first(flagSetting("--user", fl.User), r.envVar(EnvGatewayUser), gatewayField(in.File, "user", func(g *spec.Gateway) string { return g.User }), loginName())
	r.gatewaySecrets(g, fg, fl.PasswordEnv)
	gatewayScaling(g, fg)
	return g
}

// derived is a setting taken from another, or unset when that one is.
func derived(from Setting, value string) Setting {
	if from.Source == "" {
		return Setting{}
	}
	return Setting{Value: value, Source: from.Source}
}

// defaultProxy is the API address's host and port, or 80/443 by scheme.
func defaultProxy(api string) string {
	u, err := url.Parse(api)
	if err != nil || u.Host == "" {
		return ""
	}
	if u.Port() != "" {
		return u.Host
	}
	port := "80"
	if u.Scheme == "https" {
		port = "443"
	}
	return net.JoinHostPort(u.Hostname(), port)
}

// defaultAuth is jupyterhub when a JupyterHub token is at hand, else basic
// (Dask Gateway's default).
func (r resolver) defaultAuth() Setting {
	if r.envVar(EnvJupyterHubToken).Source != "" {
		return Setting{Value: "jupyterhub", Source: "default: " + EnvJupyterHubToken + " is set"}
	}
	return Setting{Value: "basic", Source: "default"}
}

// loginName is the basic-auth user Dask Gateway's client defaults to.
func loginName() Setting {
	if u, err := user.Current(); err == nil && u.Username != "" {
		return Setting{Value: u.Username, Source: "default: the login name"}
	}
	return Setting{}
}

// gatewaySecrets reads the password from the variable password_env names
// (else DASK_GATEWAY__AUTH__KWARGS__PASSWORD) and the JupyterHub token. The
// Setting shows where the password came from, never the password.
func (r resolver) gatewaySecrets(g *GatewayConfig, fg *spec.Gateway, flagEnv string) {
	name, src, named := EnvGatewayPassword, "env "+EnvGatewayPassword, false
	switch {
	case flagEnv != "":
		name, src, named = flagEnv, "env "+flagEnv+" (named by --password-env)", true
	case fg != nil && fg.PasswordEnv != "":
		name, src, named = fg.PasswordEnv, "env "+fg.PasswordEnv+" (named at file "+pick(fg.At["password_env"], fg.Range).String()+")", true
	}
	if v, ok := r.env(name); ok {
		g.password = v
		g.Password = Setting{Value: "(set)", Source: src}
	} else if named {
		g.missingPassword = name
	}
	g.token, _ = r.env(EnvJupyterHubToken)
}

// gatewayScaling reads workers, adapt, keep and the cluster options.
func gatewayScaling(g *GatewayConfig, fg *spec.Gateway) {
	if fg == nil {
		g.defaultWorkers = true
		g.Workers = Setting{Value: strconv.Itoa(DefaultGatewayWorkers), Source: "default for a cluster flowspec creates"}
		return
	}
	at := func(name string) string { return "file " + pick(fg.At[name], fg.Range).String() }
	g.Options = fg.Options
	switch {
	case fg.Workers != nil:
		g.workers = fg.Workers
		g.Workers = Setting{Value: strconv.Itoa(*fg.Workers), Source: at("workers")}
	case fg.Adapt != nil:
		g.adaptMin, g.adaptMax = fg.Adapt.Minimum, fg.Adapt.Maximum
		g.Adapt = Setting{Value: bound(fg.Adapt.Minimum) + ".." + bound(fg.Adapt.Maximum), Source: "file " + fg.Adapt.Range.String()}
	default:
		g.defaultWorkers = true
		g.Workers = Setting{Value: strconv.Itoa(DefaultGatewayWorkers), Source: "default for a cluster flowspec creates"}
	}
	g.keepAfterRun = fg.Keep
	if fg.Keep {
		g.Keep = Setting{Value: "true", Source: at("keep")}
	}
}

func bound(n *int) string {
	if n == nil {
		return ""
	}
	return strconv.Itoa(*n)
}

// fileGateway is the file's gateway block, or nil.
func fileGateway(e *spec.Executor) *spec.Gateway {
	if e == nil || e.Dask == nil {
		return nil
	}
	return e.Dask.Gateway
}

// gatewayField is the gateway block's field name, with its position.
func gatewayField(e *spec.Executor, name string, get func(*spec.Gateway) string) Setting {
	return fileSetting(e, func(e *spec.Executor) (string, spec.Range) {
		g := fileGateway(e)
		if g == nil {
			return "", spec.Range{}
		}
		return get(g), pick(g.At[name], g.Range, e.Dask.Range)
	})
}

// validate checks what resolution cannot: an address, a proxy, a known
// authentication with its secret.
func (g *GatewayConfig) validate() error {
	if g.Address.Value == "" {
		return fmt.Errorf("the Dask Gateway needs its address: set %s or executor.dask.gateway.address (https://gateway.example.com)", EnvGatewayAddress)
	}
	u, err := url.Parse(g.Address.Value)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		return fmt.Errorf("%s: Dask Gateway address %q is not an http(s):// URL: write https://gateway.example.com (the gateway's HTTP API)", g.Address.Source, g.Address.Value)
	}
	if _, _, err := net.SplitHostPort(g.Proxy.Value); err != nil {
		return fmt.Errorf("%s: Dask Gateway proxy address %q is not host:port: write gateway.example.com:8786 (the gateway's TLS proxy)", g.Proxy.Source, g.Proxy.Value)
	}
	if g.missingPassword != "" {
		return fmt.Errorf("the Dask Gateway password is to come from %s, which is not set: export %s=... (the gateway's password) first", g.missingPassword, g.missingPassword)
	}
	switch g.Auth.Value {
	case "basic", "jupyterhub":
	case "kerberos":
		return fmt.Errorf("%s: Kerberos authentication with Dask Gateway is not supported by flowspec (it needs GSSAPI): use basic or jupyterhub authentication, or create the cluster from Python and pass its tls:// scheduler address with its certificates", g.Auth.Source)
	default:
		return fmt.Errorf("%s: unknown Dask Gateway authentication %q: use basic or jupyterhub", g.Auth.Source, g.Auth.Value)
	}
	if g.Auth.Value == "jupyterhub" && g.token == "" {
		return fmt.Errorf("%s: jupyterhub authentication needs a token: set %s", g.Auth.Source, EnvJupyterHubToken)
	}
	return nil
}

// validateGateway checks the gateway settings; a scheduler address that
// came from DASK_SCHEDULER_ADDRESS or the file gives way to the gateway.
func (c *Config) validateGateway() error {
	if !strings.HasPrefix(c.Address.Value, "gateway://") {
		c.Address = Setting{}
	} else if p := address.CheckDask(c.Address.Value); p != nil {
		return fmt.Errorf("%s: %s: %s", c.Address.Source, p.Msg, p.Hint)
	}
	if _, err := time.ParseDuration(c.Timeout.Value); err != nil {
		return fmt.Errorf("%s: timeout %q: %v", c.Timeout.Source, c.Timeout.Value, err)
	}
	return c.Gateway.validate()
}
