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
	Text("address", "Scheduler address", "tcp://host:port or tls://host:port (host:port means tcp); a flag or FLOWSPEC_DASK_ADDRESS overrides it.").
		Decodes(into(func(x *DaskExecutor) *string { return &x.Address }, always(checkedText(address.CheckDask)))),
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
		Decodes(into(func(s *Security) *string { return &s.CAFile }, readText)),
	Text("cert_file", "Certificate file", "PEM file of this client's certificate.").
		Decodes(into(func(s *Security) *string { return &s.CertFile }, readText)),
	Text("key_file", "Key file", "PEM file of this client's private key (may be the certificate file).").
		Decodes(into(func(s *Security) *string { return &s.KeyFile }, readText)),
}

// gatewayFields are the fields of dask: gateway:.
var gatewayFields = []*Field{
	Text("address", "Gateway address", "http(s)://host:port of the gateway API.").Need("").
		Decodes(into(func(g *Gateway) *string { return &g.Address }, always((*decoder).gatewayAddress))),
	Text("cluster", "Cluster", "Name of an existing cluster; absent creates one for the run.").
		Decodes(into(func(g *Gateway) *string { return &g.Cluster }, readText)),
	Text("auth", "Authentication", "How to authenticate with the gateway.").OneOf("basic", "jupyterhub").
		Decodes(into(func(g *Gateway) *string { return &g.Auth }, readText)),
	Mapping("options", "Cluster options", "Options passed to the gateway when creating a cluster.").
		Decodes(into(func(g *Gateway) *map[string]any { return &g.Options }, readAnyMapping)),
}

// readAnyMapping reads a mapping as plain Go values.
func readAnyMapping(_ *decoder, n *yaml.Node) (map[string]any, bool) {
	var m map[string]any
	return m, n.Kind == yaml.MappingNode && n.Decode(&m) == nil
}
