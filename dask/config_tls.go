package dask

import (
	"crypto/tls"
	"crypto/x509"
	"encoding/pem"
	"errors"
	"fmt"
	"io/fs"
	"strings"

	"github.com/flowspec/flowspec/dask/client"
	"github.com/flowspec/flowspec/internal/bounded"
)

// validateTLS requires the files Dask's mutual TLS needs: the CA and the
// client certificate (whose file may also hold the key).
func (c *Config) validateTLS() error {
	var missing []string
	for _, s := range []struct {
		set        Setting
		env, field string
	}{
		{c.CAFile, EnvTLSCA, "ca_file"},
		{c.CertFile, EnvTLSCert, "cert_file"},
	} {
		if s.set.Value == "" {
			missing = append(missing, fmt.Sprintf("%s (or executor.dask.security.%s)", s.env, s.field))
		}
	}
	if len(missing) > 0 {
		return fmt.Errorf("%s: %s is a TLS address, which needs a CA file and a client certificate (and its key, unless the certificate file holds it); set %s", c.Address.Source, c.Address.Value, strings.Join(missing, ", "))
	}
	return nil
}

// LoadTLS reads and parses the TLS files of a tls:// address (bounded by
// client.MaxPEMFile) before any connection is made, so a wrong file is
// invalid input naming the file, its setting and where that was set, every
// bad file at once, rather than a failed TLS handshake later; DialOptions
// then dials with what was read. Resolve does not read the files, so
// --explain-config still shows settings whose files are wrong; NewExecutor
// calls LoadTLS when no one has. It does nothing for other addresses.
func (c *Config) LoadTLS() error {
	if c.tlsConfig != nil || !strings.HasPrefix(c.Address.Value, "tls://") {
		return nil
	}
	ca := &tlsFile{name: "ca_file", set: c.CAFile, holds: "the PEM certificate of the CA that signed the cluster's certificates"}
	cert := &tlsFile{name: "cert_file", set: c.CertFile, holds: "this client's PEM certificate, signed by that CA (and its key, unless key_file is set)"}
	files, key := []*tlsFile{ca, cert}, cert
	if c.KeyFile.Value != "" && c.KeyFile.Value != c.CertFile.Value {
		key = &tlsFile{name: "key_file", set: c.KeyFile, holds: "this client's PEM private key"}
		files = append(files, key)
	}
	var errs []error
	for _, f := range files {
		errs = append(errs, f.read())
	}
	if ca.ok && !x509.NewCertPool().AppendCertsFromPEM(ca.data) {
		errs = append(errs, ca.errorf("it holds no PEM certificate"))
	}
	errs = append(errs, pemErrors(cert, key)...)
	if err := errors.Join(errs...); err != nil {
		return err
	}
	if err := keyPairError(cert, key); err != nil {
		return err
	}
	cfg, err := client.NewTLSConfig(ca.data, cert.data, key.data)
	c.tlsConfig = cfg
	return err
}

// tlsFile is one TLS setting and, once read, its file's bytes.
type tlsFile struct {
	name  string // ca_file, cert_file or key_file
	set   Setting
	holds string // what the file should hold, for the fix
	data  []byte
	ok    bool // read within the bound
}

// read reads the file, refusing one past client.MaxPEMFile.
func (f *tlsFile) read() error {
	data, err := bounded.ReadFile(f.set.Value, client.MaxPEMFile)
	var pe *fs.PathError
	switch {
	case errors.Is(err, bounded.ErrTooLarge):
		return f.errorf("it holds more than %s, the limit for a PEM file", bounded.Size(client.MaxPEMFile))
	case errors.As(err, &pe):
		return f.errorf("%v", pe.Err)
	case err != nil:
		return f.errorf("%v", err)
	}
	f.data, f.ok = data, true
	return nil
}

// errorf says what is wrong with the file, where its setting came from, and
// what the file should hold.
func (f *tlsFile) errorf(format string, args ...any) error {
	return fmt.Errorf("%s: %s %q: %s; %s should name %s", f.set.Source, f.name, f.set.Value, fmt.Sprintf(format, args...), f.name, f.holds)
}

// pemErrors says which of the files read lacks its PEM block: a
// certificate in cert, a private key in key (which may be cert's file).
func pemErrors(cert, key *tlsFile) []error {
	var errs []error
	if cert.ok && !hasPEM(cert.data, "CERTIFICATE") {
		errs = append(errs, cert.errorf("it holds no PEM certificate"))
	}
	if key.ok && !hasPEM(key.data, "PRIVATE KEY") && (key != cert || len(errs) == 0) {
		errs = append(errs, key.errorf("it holds no PEM private key"))
	}
	return errs
}

// keyPairError checks that cert and key, each with its PEM block, are a
// certificate and its private key.
func keyPairError(cert, key *tlsFile) error {
	_, err := tls.X509KeyPair(cert.data, key.data)
	if err == nil {
		return nil
	}
	msg := strings.TrimPrefix(err.Error(), "tls: ")
	if key == cert {
		return cert.errorf("%s", msg)
	}
	return fmt.Errorf("%s: %s %q and %s: %s %q: %s; set them to a certificate and the private key it was made with", cert.set.Source, cert.name, cert.set.Value, key.set.Source, key.name, key.set.Value, msg)
}

// hasPEM reports whether data holds a PEM block whose type ends in suffix
// (CERTIFICATE; PRIVATE KEY, EC PRIVATE KEY, RSA PRIVATE KEY).
func hasPEM(data []byte, suffix string) bool {
	for {
		var b *pem.Block
		if b, data = pem.Decode(data); b == nil {
			return false
		}
		if strings.HasSuffix(b.Type, suffix) {
			return true
		}
	}
}
