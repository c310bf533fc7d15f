// Package testcert generates real TLS certificates for tests: a CA and
// certificates it signed, written as PEM files, so tests of mutual TLS and of
// bad certificate files need no fixtures and no copy of this code.
package testcert

import (
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/pem"
	"math/big"
	"net"
	"os"
	"path/filepath"
	"testing"
	"time"
)

// Certs are PEM files for a mutual-TLS cluster: a CA, one certificate the
// scheduler and workers share, and a client certificate, all signed by the
// CA and valid for an hour. Like Dask's own, they name no host that matters
// (clients do not check host names).
type Certs struct {
	CAFile     string
	NodeCert   string // scheduler and workers
	NodeKey    string
	ClientCert string
	ClientKey  string
	// OtherCAFile is a second, unrelated CA, for tests of a wrong CA.
	OtherCAFile string
}

// New generates ECDSA P-256 certificates into a temporary directory.
func New(t testing.TB) *Certs {
	t.Helper()
	dir := t.TempDir()
	caKey, caCert := newCA(t, "flowspec test CA")
	_, otherCA := newCA(t, "unrelated CA")
	c := &Certs{
		CAFile:      writePEM(t, dir, "ca.pem", "CERTIFICATE", caCert.Raw),
		OtherCAFile: writePEM(t, dir, "other-ca.pem", "CERTIFICATE", otherCA.Raw),
	}
	both := []x509.ExtKeyUsage{x509.ExtKeyUsageServerAuth, x509.ExtKeyUsageClientAuth}
	c.NodeCert, c.NodeKey = leaf(t, dir, "node", caKey, caCert, both)
	c.ClientCert, c.ClientKey = leaf(t, dir, "client", caKey, caCert, []x509.ExtKeyUsage{x509.ExtKeyUsageClientAuth})
	return c
}

func newCA(t testing.TB, name string) (*ecdsa.PrivateKey, *x509.Certificate) {
	t.Helper()
	key := newKey(t)
	tmpl := &x509.Certificate{
		SerialNumber:          serial(t),
		Subject:               pkix.Name{CommonName: name},
		NotBefore:             time.Now().Add(-time.Minute),
		NotAfter:              time.Now().Add(time.Hour),
		IsCA:                  true,
		BasicConstraintsValid: true,
		KeyUsage:              x509.KeyUsageCertSign | x509.KeyUsageDigitalSignature,
	}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, tmpl, &key.PublicKey, key)
	if err != nil {
		t.Fatal(err)
	}
	cert, err := x509.ParseCertificate(der)
	if err != nil {
		t.Fatal(err)
	}
	return key, cert
}

func leaf(t testing.TB, dir, name string, caKey *ecdsa.PrivateKey, ca *x509.Certificate, usage []x509.ExtKeyUsage) (certFile, keyFile string) {
	t.Helper()
	key := newKey(t)
	tmpl := &x509.Certificate{
		SerialNumber:          serial(t),
		Subject:               pkix.Name{CommonName: "flowspec test " + name},
		NotBefore:             time.Now().Add(-time.Minute),
		NotAfter:              time.Now().Add(time.Hour),
		KeyUsage:              x509.KeyUsageDigitalSignature,
		ExtKeyUsage:           usage,
		BasicConstraintsValid: true,
		IPAddresses:           []net.IP{net.IPv4(127, 0, 0, 1)},
	}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, ca, &key.PublicKey, caKey)
	if err != nil {
		t.Fatal(err)
	}
	keyDER, err := x509.MarshalPKCS8PrivateKey(key)
	if err != nil {
		t.Fatal(err)
	}
	return writePEM(t, dir, name+".pem", "CERTIFICATE", der), writePEM(t, dir, name+"-key.pem", "PRIVATE KEY", keyDER)
}

func newKey(t testing.TB) *ecdsa.PrivateKey {
	t.Helper()
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	return key
}

func serial(t testing.TB) *big.Int {
	t.Helper()
	n, err := rand.Int(rand.Reader, new(big.Int).Lsh(big.NewInt(1), 62))
	if err != nil {
		t.Fatal(err)
	}
	return n
}

func writePEM(t testing.TB, dir, name, typ string, der []byte) string {
	t.Helper()
	path := filepath.Join(dir, name)
	if err := os.WriteFile(path, pem.EncodeToMemory(&pem.Block{Type: typ, Bytes: der}), 0o600); err != nil {
		t.Fatal(err)
	}
	return path
}
