// Package gateway speaks the HTTP API of a Dask Gateway server: it lists,
// creates, waits for, scales and stops clusters, and returns each running
// cluster's TLS certificate and key, with which the dask package reaches
// the cluster's scheduler through the gateway's TLS proxy.
//
// Every request goes out first without credentials (a cookie from an
// earlier answer may do); on any 401 the Authenticator's header is added
// and the request is sent once more, because the gateway forgets its
// cookies after a few minutes, so a 401 can come on any request, not only
// the first.
package gateway
