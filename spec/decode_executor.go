package spec

import (
	"net/url"
	"strings"

	"github.com/flowspec/flowspec/internal/address"
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
		d.checkGateway(e.Dask)
	}
}

// checkGateway reports what the gateway block's fields cannot say alone: a
// scheduler address beside it, workers beside adapt, adapt bounds the wrong
// way round.
func (d *decoder) checkGateway(x *DaskExecutor) {
	g := x.Gateway
	if g == nil {
		return
	}
	if x.Address != "" {
		d.ds.Errorf(x.AddressAt, "remove executor.dask.address (the gateway provides the scheduler) or the gateway block", "executor.dask has both an address and a gateway")
	}
	if g.Workers != nil && g.Adapt != nil {
		d.ds.Errorf(g.Adapt.Range, "keep workers: for a fixed size or adapt: for an adaptive cluster", "executor.dask.gateway has both workers and adapt")
	}
	if a := g.Adapt; a != nil && a.Minimum != nil && a.Maximum != nil && *a.Minimum > *a.Maximum {
		d.ds.Errorf(a.Range, "make minimum at most maximum", "executor.dask.gateway.adapt: minimum %d is more than maximum %d", *a.Minimum, *a.Maximum)
	}
}

// gatewayAddress reads a gateway address and checks its form.
func (d *decoder) gatewayAddress(n *yaml.Node) string {
	d.checkGatewayAddress(n)
	return d.text(n)
}

// checkedText returns a reader of a string field that check judges: a
// problem is reported at the offending character when the scalar is
// written plainly or quoted without escapes, else at the value. A value
// holding ${{ }} is left for the compiler.
func checkedText(check func(string) *address.Problem) func(*decoder, *yaml.Node) string {
	return func(d *decoder, n *yaml.Node) string {
		s := d.text(n)
		if s == "" || HasExpr(s) {
			return s
		}
		if p := check(s); p != nil {
			d.ds.Errorf(offsetRange(RangeOf(d.file, n), n, p.Offset), p.Hint, "%s", p.Msg)
		}
		return s
	}
}

// offsetRange moves r's start to the byte offset of n's value when the
// source spells the value as it is (one line, printable ASCII, no escapes).
func offsetRange(r Range, n *yaml.Node, offset int) Range {
	if offset == 0 || n.Style&(yaml.LiteralStyle|yaml.FoldedStyle) != 0 {
		return r
	}
	for i := 0; i < len(n.Value); i++ {
		if c := n.Value[i]; c < 0x20 || c >= 0x7f || c == '\\' || c == '\'' || c == '"' {
			return r
		}
	}
	r.Start.Column += offset + quoteWidth(n.Style)/2
	return r
}

// checkGatewayAddress requires the gateway's HTTP(S) URL.
func (d *decoder) checkGatewayAddress(n *yaml.Node) {
	addr := d.text(n)
	if addr == "" || HasExpr(addr) {
		return
	}
	if !strings.HasPrefix(addr, "http://") && !strings.HasPrefix(addr, "https://") {
		d.ds.Errorf(RangeOf(d.file, n), "write https://gateway.example.com (the gateway's HTTP API)", "Dask Gateway address %q is not an http(s):// URL", address.Redact(addr))
		return
	}
	if u, err := url.Parse(addr); err == nil && u.User != nil {
		d.ds.Errorf(RangeOf(d.file, n), "remove the user, the password and the @; set user: and password_env: (the name of an environment variable holding the password) instead", "Dask Gateway address %q has a user or password: a password never goes in the flow file", address.Redact(addr))
	}
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}
