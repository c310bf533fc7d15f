package main

import (
	"net"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/flowspec/flowspec/internal/clitest"
	"github.com/flowspec/flowspec/internal/testcert"
)

// TestTLSFilesBeforeDialling: the CA, certificate and key of a tls://
// address are read and parsed before any connection, on the real binary: a
// file past the PEM limit (/dev/zero), a missing file and a file that is not
// PEM are invalid input, exit 2, naming the file, its setting and where that
// was set (the flow file's line, or the environment variable), and the
// scheduler's port is never connected to.
func TestTLSFilesBeforeDialling(t *testing.T) {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer l.Close()
	addr := "tls://" + l.Addr().String()
	bin := clitest.Build(t)
	dir := clitest.WriteFiles(t, map[string]string{
		"ok.yaml":    exitFlows["ok.yaml"],
		"notpem.txt": "not a certificate\n",
		"devzero.yaml": "version: 1\nname: devzero\nexecutor:\n  dask:\n    address: " + addr +
			"\n    security:\n      ca_file: /dev/zero\n      cert_file: notpem.txt\n      key_file: missing.pem\n" +
			"tasks:\n  one:\n    op: inc\n    with:\n      x: 1\n",
	})
	writeClientFiles(t, dir)
	env := func(ca, cert, key string) []string {
		return []string{"DASK_DISTRIBUTED__COMM__TLS__CA_FILE=" + ca, "DASK_DISTRIBUTED__COMM__TLS__CLIENT__CERT=" + cert, "DASK_DISTRIBUTED__COMM__TLS__CLIENT__KEY=" + key}
	}
	// Each setting's source is its own line (ca_file at 7:16, ...).
	clitest.Check(t, bin, dir, []clitest.Case{
		{Name: "ca_file /dev/zero", Args: []string{"run", "devzero.yaml"}, Code: 2,
			Stderr: `file devzero.yaml:7:16: ca_file "/dev/zero": it holds more than 1 MiB, the limit for a PEM file; ca_file should name the PEM certificate of the CA`},
		{Name: "cert_file not PEM, beside", Args: []string{"run", "devzero.yaml"}, Code: 2,
			Stderr: `file devzero.yaml:8:18: cert_file "notpem.txt": it holds no PEM certificate; cert_file should name this client's PEM certificate`},
		{Name: "key_file missing, beside", Args: []string{"run", "devzero.yaml"}, Code: 2,
			Stderr: `file devzero.yaml:9:17: key_file "missing.pem": no such file or directory; key_file should name this client's PEM private key`},
		{Name: "ca_file /dev/zero env", Args: []string{"run", "--address", addr, "ok.yaml"}, Env: env("/dev/zero", "client.pem", ""), Code: 2,
			Stderr: `env DASK_DISTRIBUTED__COMM__TLS__CA_FILE: ca_file "/dev/zero": it holds more than 1 MiB`},
		{Name: "ca_file missing env", Args: []string{"run", "--address", addr, "ok.yaml"}, Env: env("missing.pem", "client.pem", ""), Code: 2,
			Stderr: `env DASK_DISTRIBUTED__COMM__TLS__CA_FILE: ca_file "missing.pem": no such file or directory; ca_file should name`},
		{Name: "ca_file not PEM env", Args: []string{"run", "--address", addr, "ok.yaml"}, Env: env("notpem.txt", "client.pem", ""), Code: 2,
			Stderr: `env DASK_DISTRIBUTED__COMM__TLS__CA_FILE: ca_file "notpem.txt": it holds no PEM certificate`},
		{Name: "key in no file env", Args: []string{"run", "--address", addr, "ok.yaml"}, Env: env("ca.pem", "ca.pem", ""), Code: 2,
			Stderr: `env DASK_DISTRIBUTED__COMM__TLS__CLIENT__CERT: cert_file "ca.pem": it holds no PEM private key`},
		{Name: "key not PEM env", Args: []string{"run", "--address", addr, "ok.yaml"}, Env: env("ca.pem", "ca.pem", "notpem.txt"), Code: 2,
			Stderr: `env DASK_DISTRIBUTED__COMM__TLS__CLIENT__KEY: key_file "notpem.txt": it holds no PEM private key`},
		{Name: "dask info", Args: []string{"dask", "info", addr}, Env: env("/dev/zero", "client.pem", ""), Code: 2,
			Stderr: `env DASK_DISTRIBUTED__COMM__TLS__CA_FILE: ca_file "/dev/zero": it holds more than 1 MiB`},
	})
	// Every connection the runs made would wait in the listener's queue.
	if err := l.(*net.TCPListener).SetDeadline(time.Now()); err != nil {
		t.Fatal(err)
	}
	if c, err := l.Accept(); err == nil {
		c.Close()
		t.Error("flowspec connected to the scheduler's port although its TLS files are wrong")
	}
}

// writeClientFiles puts ca.pem, a real CA certificate, and client.pem, a
// certificate it signed followed by its private key, in dir.
func writeClientFiles(t *testing.T, dir string) {
	t.Helper()
	certs := testcert.New(t)
	var ca, client []byte
	for _, f := range []struct {
		to   *[]byte
		path string
	}{{&ca, certs.CAFile}, {&client, certs.ClientCert}, {&client, certs.ClientKey}} {
		data, err := os.ReadFile(f.path)
		if err != nil {
			t.Fatal(err)
		}
		*f.to = append(*f.to, data...)
	}
	for name, data := range map[string][]byte{"ca.pem": ca, "client.pem": client} {
		if err := os.WriteFile(filepath.Join(dir, name), data, 0o600); err != nil {
			t.Fatal(err)
		}
	}
}
