package spec

import (
	"github.com/flowspec/flowspec/internal/address"
	"go.yaml.in/yaml/v3"
)

// executorDef is the executor: block: a name, or one executor with its
// settings.
var executorDef = Definition("executor", "Executor",
	"Where the flow runs unless --executor or FLOWSPEC_EXECUTOR says otherwise: local (in-process, the default) or a Dask cluster.").
	Either(
		Text("", "Executor name", "local, or dask with the address taken from FLOWSPEC_DASK_ADDRESS or DASK_SCHEDULER_ADDRESS.").OneOf("local", "dask"),
		Mapping("", "Executor settings", "Exactly one of local: or dask: with its settings.",
			Of("local", "", "", localExecutorDef),
			Of("dask", "", "", daskExecutorDef),
		).Strict().Sized(1, 1, "name exactly one executor: local: or dask:"),
	)

// localExecutorDef configures the in-process executor.
var localExecutorDef = Definition("localExecutor", "Local executor", "Runs tasks in this process on goroutines.", KindMapping, KindNull).
	Strict().With(
	Integer("workers", "Workers", "How many tasks run at once; 0 or absent means one per CPU.").AtLeast(0).WithDefault("one per CPU").
		Decodes(into(func(l *LocalExecutor) *int { return &l.Workers }, always(func(d *decoder, n *yaml.Node) int { i, _ := d.int(n); return i }))),
)

// daskExecutorDef configures a Dask cluster.
var daskExecutorDef = Definition("daskExecutor", "Dask executor",
	"Runs tasks on a Dask distributed cluster, spoken to natively (no Python on this machine).", KindMapping, KindNull).
	Strict().With(
	// The address is checked here as everywhere it enters (address.CheckDask):
	// scheme, host, port range, no credentials, no control characters.
	Text("address", "Scheduler address", "tcp://host:port, tls://host:port (host:port means tcp) or gateway://host:port[/cluster]; a flag or FLOWSPEC_DASK_ADDRESS overrides it.").
		Decodes(func(d *decoder, n *yaml.Node, dst any) {
			x := dst.(*DaskExecutor)
			x.Address, x.AddressAt = checkedText(address.CheckDask)(d, n), RangeOf(d.file, n)
		}),
	Of("timeout", "Connect timeout", "How long to wait for the scheduler before giving up (exit code 3).", durationDef).
		Decodes(into(func(x *DaskExecutor) **Duration { return &x.Timeout }, readDuration)),
	block(Mapping("security", "TLS security", "Mutual-TLS files for a tls:// address, as Dask's Security object takes them.", securityFields...).Strict(),
		func(x *DaskExecutor) **Security { return &x.Security },
		func(d *decoder, n *yaml.Node) *Security { return &Security{Range: RangeOf(d.file, n)} }),
	block(Mapping("gateway", "Dask Gateway", "A Dask Gateway server that provides the cluster.", gatewayFields...).Strict(),
		func(x *DaskExecutor) **Gateway { return &x.Gateway },
		func(d *decoder, n *yaml.Node) *Gateway { return &Gateway{Range: RangeOf(d.file, n)} }),
)

// securityFields are the mutual-TLS files of dask: security:.
var securityFields = []*Field{
	Text("ca_file", "CA file", "PEM file of the certificate authority that signed the scheduler's certificate.").
		Decodes(placed("ca_file", func(s *Security) (*string, *map[string]Range) { return &s.CAFile, &s.At })),
	Text("cert_file", "Certificate file", "PEM file of this client's certificate.").
		Decodes(placed("cert_file", func(s *Security) (*string, *map[string]Range) { return &s.CertFile, &s.At })),
	Text("key_file", "Key file", "PEM file of this client's private key (may be the certificate file).").
		Decodes(placed("key_file", func(s *Security) (*string, *map[string]Range) { return &s.KeyFile, &s.At })),
	Text("server_name", "TLS server name", "The name sent as the TLS server name (SNI), for a proxy that routes by it; FLOWSPEC_DASK_SERVER_NAME overrides it. Host names are never checked against the certificate, as in Dask.").
		Decodes(placed("server_name", func(s *Security) (*string, *map[string]Range) { return &s.ServerName, &s.At })),
}

// gatewayFields are the fields of dask: gateway:.
var gatewayFields = []*Field{
	Text("address", "Gateway address", "http(s)://host:port of the gateway API; DASK_GATEWAY__ADDRESS overrides it.").
		Need("add address: https://gateway.example.com (the gateway's HTTP API)").
		Decodes(func(d *decoder, n *yaml.Node, dst any) {
			g := dst.(*Gateway)
			g.Address = d.gatewayAddress(n)
			placeAt(&g.At, "address", RangeOf(d.file, n))
		}),
	Text("proxy_address", "Proxy address", "host:port of the gateway's TLS proxy; absent means the address's host and port.").
		Decodes(placed("proxy_address", func(g *Gateway) (*string, *map[string]Range) { return &g.ProxyAddress, &g.At })),
	Text("public_address", "Public address", "Base of the dashboard links shown; absent means the address.").
		Decodes(placed("public_address", func(g *Gateway) (*string, *map[string]Range) { return &g.PublicAddress, &g.At })),
	Text("cluster", "Cluster", "Name of an existing cluster; absent creates one for the run (and shuts it down after).").
		Decodes(placed("cluster", func(g *Gateway) (*string, *map[string]Range) { return &g.Cluster, &g.At })),
	Text("auth", "Authentication", "How to authenticate with the gateway: basic (user and password_env), jupyterhub (JUPYTERHUB_API_TOKEN) or kerberos (not supported).").
		OneOf("basic", "jupyterhub", "kerberos").
		Decodes(placed("auth", func(g *Gateway) (*string, *map[string]Range) { return &g.Auth, &g.At })),
	Text("user", "User", "The basic-auth user; absent means the login name.").
		Decodes(placed("user", func(g *Gateway) (*string, *map[string]Range) { return &g.User, &g.At })),
	Text("password_env", "Password variable", "Name of the environment variable that holds the basic-auth password (never the password itself).").
		Matching(`^[A-Za-z_][A-Za-z0-9_]*$`, "an environment variable name such as GATEWAY_PASSWORD").
		Decodes(placed("password_env", func(g *Gateway) (*string, *map[string]Range) { return &g.PasswordEnv, &g.At })),
	Integer("workers", "Workers", "Scale the cluster to this many workers before the run (a cluster flowspec creates gets 2 unless workers or adapt is set).").AtLeast(0).
		Decodes(func(d *decoder, n *yaml.Node, dst any) {
			g := dst.(*Gateway)
			if v, ok := d.int(n); ok && v >= 0 {
				g.Workers = &v
				placeAt(&g.At, "workers", RangeOf(d.file, n))
			}
		}),
	block(Mapping("adapt", "Adaptive scaling", "Let the gateway add and remove workers between minimum and maximum.",
		Integer("minimum", "Minimum", "The fewest workers.").AtLeast(0).
			Decodes(into(func(a *Adapt) **int { return &a.Minimum }, ptr(readInt))),
		Integer("maximum", "Maximum", "The most workers.").AtLeast(0).
			Decodes(into(func(a *Adapt) **int { return &a.Maximum }, ptr(readInt))),
	).Strict(),
		func(g *Gateway) **Adapt { return &g.Adapt },
		func(d *decoder, n *yaml.Node) *Adapt { return &Adapt{Range: RangeOf(d.file, n)} }),
	Boolean("keep", "Keep the cluster", "Leave a cluster flowspec created running after the run.").WithDefault("false").
		Decodes(func(d *decoder, n *yaml.Node, dst any) {
			g := dst.(*Gateway)
			if v, ok := d.bool(n); ok {
				g.Keep = v
				placeAt(&g.At, "keep", RangeOf(d.file, n))
			}
		}),
	Mapping("options", "Cluster options", "Options passed to the gateway when creating a cluster (see flowspec dask gateway options).").
		Decodes(into(func(g *Gateway) *map[string]any { return &g.Options }, readAnyMapping)),
}

// placed reads a string field and records where it was written under
// name, so --explain-config can show each setting's own line.
func placed[T any](name string, get func(*T) (*string, *map[string]Range)) decodeFunc {
	return func(d *decoder, n *yaml.Node, dst any) {
		s, at := get(dst.(*T))
		*s = d.text(n)
		placeAt(at, name, RangeOf(d.file, n))
	}
}

// placeAt records r under name, making the map on first use.
func placeAt(at *map[string]Range, name string, r Range) {
	if *at == nil {
		*at = map[string]Range{}
	}
	(*at)[name] = r
}

// readAnyMapping reads a mapping as plain Go values.
func readAnyMapping(_ *decoder, n *yaml.Node) (map[string]any, bool) {
	var m map[string]any
	return m, n.Kind == yaml.MappingNode && n.Decode(&m) == nil
}
