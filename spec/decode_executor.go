package spec

import (
	"strings"

	"go.yaml.in/yaml/v3"
)

// executor decodes `executor:`: local | dask | {local: {workers}} |
// {dask: {address, timeout, security, gateway}}.
func (d *decoder) executor(n *yaml.Node) *Executor {
	e := &Executor{Range: RangeOf(d.file, n)}
	switch n.Kind {
	case yaml.ScalarNode:
		e.Kind = n.Value
	case yaml.MappingNode:
		ps := pairs(n)
		if len(ps) != 1 {
			return nil // the schema reported it
		}
		e.Kind = ps[0].Key.Value
		d.executorSettings(e, ps[0].Value)
	default:
		return nil
	}
	switch e.Kind {
	case "local":
		if e.Local == nil {
			e.Local = &LocalExecutor{}
		}
	case "dask":
		if e.Dask == nil {
			e.Dask = &DaskExecutor{Range: e.Range}
		}
	default:
		return nil
	}
	return e
}

// executorSettings decodes the settings of the one executor named.
func (d *decoder) executorSettings(e *Executor, n *yaml.Node) {
	switch e.Kind {
	case "local":
		e.Local = &LocalExecutor{}
		localExecutorDef.decodeMapping(d, n, e.Local)
	case "dask":
		e.Dask = &DaskExecutor{Range: RangeOf(d.file, n)}
		daskExecutorDef.decodeMapping(d, n, e.Dask)
	}
}

// daskAddress reads a scheduler address and checks its form.
func (d *decoder) daskAddress(n *yaml.Node) string {
	d.checkDaskAddress(n)
	return d.text(n)
}

// gatewayAddress reads a gateway address and checks its form.
func (d *decoder) gatewayAddress(n *yaml.Node) string {
	d.checkGatewayAddress(n)
	return d.text(n)
}

// daskSchemes are the comm protocols flowspec speaks to a scheduler.
var daskSchemes = []string{"tcp", "tls", "gateway"}

// checkDaskAddress accepts tcp://host:port, tls://host:port, gateway://...
// and a bare host:port (Dask reads it as tcp). Other Dask protocols (inproc,
// ucx, ws) need Python on this machine, which is what flowspec avoids.
func (d *decoder) checkDaskAddress(n *yaml.Node) {
	addr := d.text(n)
	if addr == "" || HasExpr(addr) {
		return
	}
	scheme, rest, ok := strings.Cut(addr, "://")
	hint := "write tcp://host:8786 or tls://host:8786"
	switch {
	case !ok:
		if _, port, hasPort := strings.Cut(addr, ":"); !hasPort || port == "" {
			d.ds.Errorf(RangeOf(d.file, n), hint, "Dask address %q has no port", addr)
		}
	case !contains(daskSchemes, scheme):
		d.ds.Errorf(RangeOf(d.file, n), suggestHint(scheme, daskSchemes, hint+" (flowspec speaks tcp, tls and gateway)"),
			"unsupported Dask address scheme %q in %q", scheme, addr)
	case rest == "":
		d.ds.Errorf(RangeOf(d.file, n), hint, "Dask address %q has no host", addr)
	}
}

// checkGatewayAddress requires the gateway's HTTP(S) URL.
func (d *decoder) checkGatewayAddress(n *yaml.Node) {
	addr := d.text(n)
	if addr == "" || HasExpr(addr) || strings.HasPrefix(addr, "http://") || strings.HasPrefix(addr, "https://") {
		return
	}
	d.ds.Errorf(RangeOf(d.file, n), "write https://gateway.example.com (the gateway's HTTP API)", "Dask Gateway address %q is not an http(s):// URL", addr)
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}
