package client_test

import (
	"context"
	"crypto/tls"
	"net"
	"testing"

	"github.com/flowspec/flowspec/dask/client"
	"github.com/flowspec/flowspec/internal/testcert"
)

// sniServer accepts one TLS connection on loopback and reports the server
// name its ClientHello carried (the handshake then fails, which the test
// does not mind).
func sniServer(t *testing.T, certs *testcert.Certs) (port string, names <-chan string) {
	t.Helper()
	pair, err := tls.LoadX509KeyPair(certs.NodeCert, certs.NodeKey)
	if err != nil {
		t.Fatal(err)
	}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { ln.Close() })
	ch := make(chan string, 1)
	go func() {
		conn, err := ln.Accept()
		if err != nil {
			return
		}
		defer conn.Close()
		tc := tls.Server(conn, &tls.Config{GetConfigForClient: func(h *tls.ClientHelloInfo) (*tls.Config, error) {
			ch <- h.ServerName
			return &tls.Config{Certificates: []tls.Certificate{pair}}, nil
		}})
		_ = tc.Handshake()
	}()
	_, port, _ = net.SplitHostPort(ln.Addr().String())
	return port, ch
}

// TestServerName: the SNI is the configured server name, else the
// address's host name (as Python's ssl sends it), and none for an IP.
func TestServerName(t *testing.T) {
	certs := testcert.New(t)
	sec := client.Security{CAFile: certs.CAFile, CertFile: certs.ClientCert, KeyFile: certs.ClientKey}
	for _, tc := range []struct{ host, serverName, want string }{
		{"localhost", "", "localhost"},
		{"127.0.0.1", "", ""},
		{"127.0.0.1", "daskgateway-abc", "daskgateway-abc"},
		{"localhost", "daskgateway-abc", "daskgateway-abc"},
	} {
		port, names := sniServer(t, certs)
		_, _ = client.Dial(context.Background(), "tls://"+net.JoinHostPort(tc.host, port), client.DialOptions{Security: sec, ServerName: tc.serverName})
		if got := <-names; got != tc.want {
			t.Errorf("host %s, server name %q: SNI %q, want %q", tc.host, tc.serverName, got, tc.want)
		}
	}
}
