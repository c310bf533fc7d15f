package dask

import (
	"strings"
	"testing"

	"github.com/flowspec/flowspec/internal/testcert"
)

// TestLoadTLS: right files give the configuration the executor dials with;
// a certificate with another's key names both files and their sources.
func TestLoadTLS(t *testing.T) {
	certs := testcert.New(t)
	resolve := func(key string) *Config {
		t.Helper()
		c, err := Resolve(Inputs{Address: "tls://h:1", Getenv: envOf(EnvTLSCA, certs.CAFile, EnvTLSCert, certs.ClientCert, EnvTLSKey, key)})
		if err != nil {
			t.Fatal(err)
		}
		return c
	}
	c := resolve(certs.ClientKey)
	if c.DialOptions().TLS != nil {
		t.Fatal("Resolve read the TLS files; LoadTLS should")
	}
	if err := c.LoadTLS(); err != nil || c.DialOptions().TLS == nil {
		t.Fatalf("LoadTLS: %v, TLS %v; want the files loaded", err, c.DialOptions().TLS)
	}
	err := resolve(certs.NodeKey).LoadTLS()
	want := "env " + EnvTLSCert + ": cert_file \"" + certs.ClientCert + "\" and env " + EnvTLSKey + ": key_file \"" + certs.NodeKey + "\": private key does not match public key; set them to a certificate and the private key it was made with"
	if err == nil || !strings.Contains(err.Error(), want) {
		t.Errorf("LoadTLS with another's key: %v, want %q", err, want)
	}
}
