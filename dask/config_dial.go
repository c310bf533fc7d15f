package dask

// Security returns the TLS files as the client takes them.
func (c *Config) Security() Security {
	return Security{CAFile: c.CAFile.Value, CertFile: c.CertFile.Value, KeyFile: c.KeyFile.Value}
}

// DialOptions returns the options to Dial the configured scheduler with.
func (c *Config) DialOptions() DialOptions {
	return DialOptions{Security: c.Security(), Timeout: c.TimeoutDuration()}
}
