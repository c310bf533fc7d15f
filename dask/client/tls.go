package client

import (
	"crypto/tls"
	"crypto/x509"
	"errors"
	"fmt"

	"github.com/flowspec/flowspec/internal/bounded"
)

// Security names the PEM files for a tls:// scheduler, as Dask's
// distributed.comm.tls settings do: the CA that signed the cluster's
// certificates, and the client certificate and key (one file may hold both).
type Security struct {
	CAFile   string
	CertFile string
	KeyFile  string // defaults to CertFile
}

// IsZero reports whether no file is named.
func (s Security) IsZero() bool { return s == Security{} }

// MaxPEMFile bounds each CA, certificate or key file: 1 MiB holds thousands
// of certificates, and a path like /dev/zero fails at once instead of being
// read until memory runs out.
const MaxPEMFile = 1 << 20

// TLSConfig loads the files into a client configuration (see NewTLSConfig).
func (s Security) TLSConfig() (*tls.Config, error) {
	if s.CAFile == "" || s.CertFile == "" {
		return nil, errors.New("a tls:// scheduler needs a CA file and a client certificate (Security.CAFile, Security.CertFile)")
	}
	ca, err := bounded.ReadFile(s.CAFile, MaxPEMFile)
	if err != nil {
		return nil, fmt.Errorf("reading the CA file: %w", err)
	}
	cert, err := bounded.ReadFile(s.CertFile, MaxPEMFile)
	if err != nil {
		return nil, fmt.Errorf("reading the client certificate: %w", err)
	}
	key := cert
	if s.KeyFile != "" && s.KeyFile != s.CertFile {
		if key, err = bounded.ReadFile(s.KeyFile, MaxPEMFile); err != nil {
			return nil, fmt.Errorf("reading the client key: %w", err)
		}
	}
	return NewTLSConfig(ca, cert, key)
}

// NewTLSConfig builds the mutual TLS configuration Dask uses: the client
// presents certPEM/keyPEM, and the server's chain must lead to caPEM. Host
// names are not checked, because Dask's certificates do not name hosts.
func NewTLSConfig(caPEM, certPEM, keyPEM []byte) (*tls.Config, error) {
	pool := x509.NewCertPool()
	if !pool.AppendCertsFromPEM(caPEM) {
		return nil, errors.New("the CA file holds no PEM certificate")
	}
	pair, err := tls.X509KeyPair(certPEM, keyPEM)
	if err != nil {
		return nil, fmt.Errorf("client certificate and key: %w", err)
	}
	return &tls.Config{
		MinVersion:   tls.VersionTLS12,
		Certificates: []tls.Certificate{pair},
		// Verification happens in VerifyPeerCertificate, without the host
		// name check crypto/tls would add.
		InsecureSkipVerify:    true,
		VerifyPeerCertificate: verifyChain(pool),
	}, nil
}

// verifyChain checks the server's certificate chain against roots.
func verifyChain(roots *x509.CertPool) func([][]byte, [][]*x509.Certificate) error {
	return func(raw [][]byte, _ [][]*x509.Certificate) error {
		if len(raw) == 0 {
			return errors.New("the server sent no certificate")
		}
		certs := make([]*x509.Certificate, len(raw))
		for i, r := range raw {
			c, err := x509.ParseCertificate(r)
			if err != nil {
				return fmt.Errorf("server certificate: %w", err)
			}
			certs[i] = c
		}
		inter := x509.NewCertPool()
		for _, c := range certs[1:] {
			inter.AddCert(c)
		}
		_, err := certs[0].Verify(x509.VerifyOptions{
			Roots:         roots,
			Intermediates: inter,
			KeyUsages:     []x509.ExtKeyUsage{x509.ExtKeyUsageAny},
		})
		if err != nil {
			return fmt.Errorf("the scheduler's certificate is not signed by the configured CA: %w", err)
		}
		return nil
	}
}
