package dask

import (
	"strings"
	"testing"

	"github.com/flowspec/flowspec/spec"
)

// gatewayFile is an executor block with a gateway block at line 12.
func gatewayFile(g *spec.Gateway) *spec.Executor {
	g.Range = rng(12, 7)
	return &spec.Executor{Kind: "dask", Range: rng(11, 3), Dask: &spec.DaskExecutor{Gateway: g, Range: rng(12, 5)}}
}

func TestResolveGateway(t *testing.T) {
	two := 2
	file := gatewayFile(&spec.Gateway{Address: "https://gw.file:8000", Cluster: "c1", User: "ann", PasswordEnv: "GW_PW", Workers: &two,
		At: map[string]spec.Range{"address": rng(13, 16), "cluster": rng(14, 16), "user": rng(15, 13), "password_env": rng(16, 21), "workers": rng(17, 16)}})
	tests := []struct {
		name string
		in   Inputs
		want string // Explain's gateway lines
	}{
		{"file block", Inputs{File: file, Getenv: envOf("GW_PW", "pw")}, `gateway          = https://gw.file:8000 (file flow.yaml:13:16)
gateway.proxy    = gw.file:8000 (default: the address's host and port)
gateway.public   = https://gw.file:8000 (default: the address)
gateway.cluster  = c1 (file flow.yaml:14:16)
gateway.auth     = basic (default)
gateway.user     = ann (file flow.yaml:15:13)
gateway.password = (set) (env GW_PW (named at file flow.yaml:16:21))
gateway.workers  = 2 (file flow.yaml:17:16)
gateway.adapt    = (unset) (-)
gateway.keep     = (unset) (-)
`},
		{"env over file, address names proxy and cluster", Inputs{Address: "gateway://proxy.example:8786/c9", File: file,
			Getenv: envOf(EnvGatewayAddress, "https://gw.env", EnvGatewayPublic, "https://public.example", EnvGatewayAuth, "jupyterhub", EnvJupyterHubToken, "tok", "GW_PW", "pw")},
			`gateway          = https://gw.env (env DASK_GATEWAY__ADDRESS)
gateway.proxy    = proxy.example:8786 (flag --address)
gateway.public   = https://public.example (env DASK_GATEWAY__PUBLIC_ADDRESS)
gateway.cluster  = c9 (flag --address)
gateway.auth     = jupyterhub (env DASK_GATEWAY__AUTH__TYPE)
`},
		{"env alone, https proxy default", Inputs{Executor: "dask", Getenv: envOf(EnvGatewayAddress, "https://gw.env", EnvJupyterHubToken, "tok")},
			`gateway          = https://gw.env (env DASK_GATEWAY__ADDRESS)
gateway.proxy    = gw.env:443 (default: the address's host and port)
gateway.public   = https://gw.env (default: the address)
gateway.cluster  = (unset) (-)
gateway.auth     = jupyterhub (default: JUPYTERHUB_API_TOKEN is set)
`},
		{"gateway:// alone", Inputs{Address: "gateway://127.0.0.1:9000", Getenv: envOf(EnvGatewayPassword, "")},
			`gateway          = http://127.0.0.1:9000 (flag --address)
gateway.proxy    = 127.0.0.1:9000 (flag --address)
`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c, err := Resolve(tt.in)
			if err != nil {
				t.Fatal(err)
			}
			var b strings.Builder
			if err := c.Explain(&b); err != nil {
				t.Fatal(err)
			}
			got := b.String()[strings.Index(b.String(), "gateway "):]
			if !strings.HasPrefix(got, tt.want) {
				t.Errorf("got\n%s\nwant a start of\n%s", got, tt.want)
			}
		})
	}
}

// TestResolveGatewayNotSelected: DASK_GATEWAY__ADDRESS, like
// DASK_SCHEDULER_ADDRESS, does not select Dask by itself, and a scheduler
// address from a flag wins over it.
func TestResolveGatewayNotSelected(t *testing.T) {
	for name, in := range map[string]Inputs{
		"local":          {Getenv: envOf(EnvGatewayAddress, "https://gw")},
		"flag scheduler": {Address: "tcp://h:1", Getenv: envOf(EnvGatewayAddress, "https://gw")},
	} {
		c, err := Resolve(in)
		if err != nil || c.Gateway != nil {
			t.Errorf("%s: gateway %+v, err %v", name, c.Gateway, err)
		}
	}
}

func TestResolveGatewayErrors(t *testing.T) {
	tests := []struct {
		name string
		in   Inputs
		want string
	}{
		{"kerberos", Inputs{Executor: "dask", Getenv: envOf(EnvGatewayAddress, "https://gw", EnvGatewayAuth, "kerberos")},
			"env DASK_GATEWAY__AUTH__TYPE: Kerberos authentication with Dask Gateway is not supported by flowspec (it needs GSSAPI): use basic or jupyterhub authentication, or create the cluster from Python and pass its tls:// scheduler address with its certificates"},
		{"unknown auth", Inputs{Executor: "dask", Getenv: envOf(EnvGatewayAddress, "https://gw", EnvGatewayAuth, "ldap")},
			`env DASK_GATEWAY__AUTH__TYPE: unknown Dask Gateway authentication "ldap": use basic or jupyterhub`},
		{"jupyterhub without token", Inputs{Executor: "dask", Getenv: envOf(EnvGatewayAddress, "https://gw", EnvGatewayAuth, "jupyterhub")},
			"env DASK_GATEWAY__AUTH__TYPE: jupyterhub authentication needs a token: set JUPYTERHUB_API_TOKEN"},
		{"password variable unset", Inputs{File: gatewayFile(&spec.Gateway{Address: "https://gw", PasswordEnv: "GW_PW"}), Getenv: envOf()},
			"the Dask Gateway password is to come from GW_PW, which is not set: export GW_PW=... (the gateway's password) first"},
		{"not http", Inputs{Executor: "dask", Getenv: envOf(EnvGatewayAddress, "gw.example.com:8000")},
			`env DASK_GATEWAY__ADDRESS: Dask Gateway address "gw.example.com:8000" is not an http(s):// URL: write https://gateway.example.com (the gateway's HTTP API)`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := Resolve(tt.in)
			if err == nil || err.Error() != tt.want {
				t.Errorf("error %v\nwant       %s", err, tt.want)
			}
		})
	}
}
