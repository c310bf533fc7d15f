package dask

import "github.com/flowspec/flowspec/dask/client"

// Security returns the TLS files as the client takes them.
func (c *Config) Security() client.Security {
	return client.Security{CAFile: c.CAFile.Value, CertFile: c.CertFile.Value, KeyFile: c.KeyFile.Value}
}

// DialOptions returns the options to client.Dial the configured scheduler
// with: the TLS files as LoadTLS read them, or else as named, to be read
// when dialling.
func (c *Config) DialOptions() client.DialOptions {
	return client.DialOptions{TLS: c.tlsConfig, Security: c.Security(), ServerName: c.ServerName.Value, Timeout: c.TimeoutDuration()}
}
