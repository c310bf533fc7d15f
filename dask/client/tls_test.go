package client_test

import (
	"crypto/tls"
	"crypto/x509"
	"os"
	"testing"
)

func readFile(t *testing.T, path string) []byte {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// tlsWithoutClientCert trusts the CA but presents no certificate.
func tlsWithoutClientCert(t *testing.T, caFile string) *tls.Config {
	pool := x509.NewCertPool()
	pool.AppendCertsFromPEM(readFile(t, caFile))
	return &tls.Config{RootCAs: pool, InsecureSkipVerify: true, MinVersion: tls.VersionTLS12}
}
