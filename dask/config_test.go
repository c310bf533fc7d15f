package dask

import (
	"strings"
	"testing"
	"time"

	"github.com/flowspec/flowspec/spec"
)

func envOf(kv ...string) func(string) (string, bool) {
	m := map[string]string{}
	for i := 0; i+1 < len(kv); i += 2 {
		m[kv[i]] = kv[i+1]
	}
	return func(k string) (string, bool) { v, ok := m[k]; return v, ok }
}

func rng(line, col int) spec.Range {
	return spec.Range{File: "flow.yaml", Start: spec.Pos{Line: line, Column: col}}
}

// daskFile is an executor block naming a Dask scheduler at line 12.
func daskFile(addr string) *spec.Executor {
	return &spec.Executor{Kind: "dask", Range: rng(11, 3), Dask: &spec.DaskExecutor{Address: addr, Range: rng(12, 5),
		Timeout: &spec.Duration{Duration: 30 * time.Second, Range: rng(13, 14)}}}
}

func TestResolvePrecedence(t *testing.T) {
	tests := []struct {
		name          string
		in            Inputs
		executor, src string
		addr, addrSrc string
	}{
		{"default", Inputs{}, "local", "default", "", ""},
		{"file", Inputs{File: daskFile("tcp://f:1")}, "dask", "file flow.yaml:11:3", "tcp://f:1", "file flow.yaml:12:5"},
		{"env address beats file and selects dask",
			Inputs{File: &spec.Executor{Kind: "local", Range: rng(11, 3)}, Getenv: envOf(EnvAddress, "tcp://e:2")},
			"dask", "env " + EnvAddress, "tcp://e:2", "env " + EnvAddress},
		{"DASK_SCHEDULER_ADDRESS does not select dask", Inputs{Getenv: envOf(EnvDaskScheduler, "tcp://d:3")}, "local", "default", "tcp://d:3", "env " + EnvDaskScheduler},
		{"DASK_SCHEDULER_ADDRESS serves the file's dask", Inputs{File: &spec.Executor{Kind: "dask", Range: rng(11, 3)}, Getenv: envOf(EnvDaskScheduler, "tcp://d:3")}, "dask", "file flow.yaml:11:3", "tcp://d:3", "env " + EnvDaskScheduler},
		{"flag beats env", Inputs{Address: "tcp://flag:4", Getenv: envOf(EnvAddress, "tcp://e:2", EnvExecutor, "dask")}, "dask", "env " + EnvExecutor, "tcp://flag:4", "flag --address"},
		{"executor flag local wins over an env address", Inputs{Executor: "local", Getenv: envOf(EnvAddress, "tcp://e:2")}, "local", "flag --executor", "tcp://e:2", "env " + EnvAddress},
		{"bare host:port is tcp", Inputs{Address: "127.0.0.1:8786"}, "dask", "flag --address", "tcp://127.0.0.1:8786", "flag --address"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if tt.in.Getenv == nil {
				tt.in.Getenv = envOf()
			}
			c, err := Resolve(tt.in)
			if err != nil {
				t.Fatal(err)
			}
			if c.Executor != (Setting{tt.executor, tt.src}) || c.Address != (Setting{tt.addr, tt.addrSrc}) {
				t.Errorf("executor %+v address %+v, want %s (%s) %s (%s)", c.Executor, c.Address, tt.executor, tt.src, tt.addr, tt.addrSrc)
			}
		})
	}
}

func TestResolveErrors(t *testing.T) {
	tests := []struct {
		name string
		in   Inputs
		want string
	}{
		{"unknown executor", Inputs{Getenv: envOf(EnvExecutor, "ray")}, `env FLOWSPEC_EXECUTOR: unknown executor "ray": use local or dask`},
		{"dask without address", Inputs{Executor: "dask", Getenv: envOf()}, "the dask executor needs a scheduler address: pass --address tcp://HOST:8786 (or gateway://HOST:PORT for a Dask Gateway), set FLOWSPEC_DASK_ADDRESS, or set executor.dask.address (or executor.dask.gateway) in the flow file"},
		{"unknown scheme", Inputs{Address: "udp://h:1", Getenv: envOf()}, `flag --address: Dask address "udp://h:1" has unsupported scheme "udp": write tcp://host:8786 or tls://host:8786 (flowspec speaks tcp and tls)`},
		{"no port", Inputs{File: daskFile("tcp://host"), Getenv: envOf()}, `file flow.yaml:12:5: Dask address "tcp://host" has no port: add the scheduler's port (Dask's default is 8786), e.g. tcp://host:8786`},
		{"password", Inputs{Address: "tcp://admin:secret@h:1", Getenv: envOf()}, `flag --address: Dask address "tcp://admin:***@h:1" has a user or password: remove the user, the password and the @ (tcp://host:8786): Dask schedulers take no password; to authenticate, use a tls:// address with certificates (executor.dask.security)`},
		{"line feed", Inputs{Getenv: envOf(EnvAddress, "tcp://h:1\nX: y")}, `env FLOWSPEC_DASK_ADDRESS: Dask address "tcp://h:1\nX: y" contains a line feed (LF) at byte 10: remove it: an address is one line of printable text, e.g. tcp://host:8786`},
		{"port range", Inputs{Getenv: envOf(EnvDaskScheduler, "tcp://h:70000", EnvExecutor, "dask")}, `env DASK_SCHEDULER_ADDRESS: Dask address "tcp://h:70000" has port "70000", which is not a number from 1 to 65535: use the scheduler's port, e.g. 8786 (Dask's default)`},
		{"gateway without cluster name", Inputs{Address: "gateway://gw:8000/", Getenv: envOf()}, `flag --address: Dask address "gateway://gw:8000/" ends in '/' without a cluster name: write gateway://host:port to create a cluster, or gateway://host:port/CLUSTER for an existing one`},
		{"tls without a certificate", Inputs{Address: "tls://h:1", Getenv: envOf(EnvTLSCA, "/ca.pem")}, "flag --address: tls://h:1 is a TLS address, which needs a CA file and a client certificate (and its key, unless the certificate file holds it); set DASK_DISTRIBUTED__COMM__TLS__CLIENT__CERT (or executor.dask.security.cert_file)"},
		{"tls without files", Inputs{Address: "tls://h:1", Getenv: envOf()}, "flag --address: tls://h:1 is a TLS address, which needs a CA file and a client certificate (and its key, unless the certificate file holds it); set DASK_DISTRIBUTED__COMM__TLS__CA_FILE (or executor.dask.security.ca_file), DASK_DISTRIBUTED__COMM__TLS__CLIENT__CERT (or executor.dask.security.cert_file)"},
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

func TestExplain(t *testing.T) {
	f := daskFile("tls://f:1")
	f.Dask.Security = &spec.Security{CAFile: "ca.pem", CertFile: "c.pem", KeyFile: "k.pem", ServerName: "sched.example",
		At: map[string]spec.Range{"ca_file": rng(15, 16), "cert_file": rng(16, 18), "key_file": rng(17, 17), "server_name": rng(18, 20)}, Range: rng(14, 5)}
	c, err := Resolve(Inputs{Getenv: envOf(EnvTLSKey, "/env/key.pem"), File: f})
	if err != nil {
		t.Fatal(err)
	}
	var b strings.Builder
	if err := c.Explain(&b); err != nil {
		t.Fatal(err)
	}
	want := `executor      = dask (file flow.yaml:11:3)
address       = tls://f:1 (file flow.yaml:12:5)
ca_file       = ca.pem (file flow.yaml:15:16)
cert_file     = c.pem (file flow.yaml:16:18)
key_file      = /env/key.pem (env DASK_DISTRIBUTED__COMM__TLS__CLIENT__KEY)
server_name   = sched.example (file flow.yaml:18:20)
timeout       = 30s (file flow.yaml:13:14)
local_workers = 0 (default)
`
	if b.String() != want {
		t.Errorf("got\n%s\nwant\n%s", b.String(), want)
	}
}
