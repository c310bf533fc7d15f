package gateway

import (
	"encoding/base64"
	"errors"
	"fmt"
	"strings"
)

// Authenticator gives the Authorization header a gateway asks for.
type Authenticator interface {
	// Header returns the Authorization header's value.
	Header() (string, error)
	// Scheme is the WWW-Authenticate scheme it answers ("Basic", ...).
	Scheme() string
}

// Basic authenticates with a user and a password (SimpleAuthenticator).
type Basic struct {
	User     string
	Password string
}

// Header returns "Basic base64(user:password)".
func (b Basic) Header() (string, error) {
	return "Basic " + base64.StdEncoding.EncodeToString([]byte(b.User+":"+b.Password)), nil
}

// Scheme returns "Basic".
func (Basic) Scheme() string { return "Basic" }

// JupyterHub authenticates with a JupyterHub API token.
type JupyterHub struct {
	Token string
}

// Header returns "jupyterhub <token>".
func (j JupyterHub) Header() (string, error) {
	if j.Token == "" {
		return "", errors.New("jupyterhub authentication needs an API token: set JUPYTERHUB_API_TOKEN")
	}
	return "jupyterhub " + j.Token, nil
}

// Scheme returns "jupyterhub".
func (JupyterHub) Scheme() string { return "jupyterhub" }

// NewAuthenticator returns the authenticator of kind: basic, jupyterhub or
// kerberos, which flowspec does not speak (GSSAPI needs a system library),
// so it is refused with the ways round it.
func NewAuthenticator(kind, user, password, token string) (Authenticator, error) {
	switch strings.ToLower(kind) {
	case "", "basic", "simple":
		return Basic{User: user, Password: password}, nil
	case "jupyterhub":
		return JupyterHub{Token: token}, nil
	case "kerberos":
		return nil, errors.New("authentication by Kerberos is not supported by flowspec (it needs GSSAPI): ask the gateway's administrator for basic or JupyterHub authentication, or create the cluster from Python and pass its scheduler's tls:// address and certificates")
	}
	return nil, fmt.Errorf("unknown Dask Gateway authentication %q: use basic, jupyterhub or kerberos", kind)
}
