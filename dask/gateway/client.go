package gateway

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/http/cookiejar"
	"net/url"
	"strings"
	"time"

	"github.com/flowspec/flowspec/internal/address"
)

// maxBody bounds an answer of the gateway: a cluster list of thousands of
// reports with their certificates fits, a runaway body does not.
const maxBody = 16 << 20

// Client talks to one gateway's HTTP API (Address, e.g.
// https://gateway.example.com). It keeps the gateway's cookie between
// requests. A Client is safe for concurrent use.
type Client struct {
	Address string
	Auth    Authenticator
	HTTP    *http.Client
	// Timeout bounds each request; one that waits for a cluster to start
	// gets the gateway's own wait (heldWait) on top.
	Timeout time.Duration
	// AuthFrom says where the credentials came from, for the message when
	// the gateway refuses them ("user alice, password from env X").
	AuthFrom string
}

// heldWait is how long the gateway may hold a GET ?wait (20 s), with room.
const heldWait = 25 * time.Second

// New returns a client of the gateway at addr, its requests bounded by
// timeout each.
func New(addr string, auth Authenticator, timeout time.Duration) *Client {
	jar, _ := cookiejar.New(nil) // New with nil options never fails
	return &Client{Address: strings.TrimRight(addr, "/"), Auth: auth, HTTP: &http.Client{Jar: jar}, Timeout: timeout}
}

// do sends one request with body (JSON, or nil) and decodes a JSON answer
// into out (nil: ignore it). A 401 is answered with the authenticator's
// header and the request is sent once more.
func (c *Client) do(ctx context.Context, method, path string, body, out any) error {
	budget := c.Timeout
	if strings.HasSuffix(path, "?wait") {
		budget += heldWait
	}
	ctx, cancel := context.WithTimeout(ctx, budget)
	defer cancel()
	var payload []byte
	if body != nil {
		var err error
		if payload, err = json.Marshal(body); err != nil {
			return err
		}
	}
	resp, err := c.send(ctx, method, path, payload, "")
	if err == nil && resp.StatusCode == http.StatusUnauthorized {
		resp.Body.Close()
		var h string
		if h, err = c.Auth.Header(); err != nil {
			return unavailablef("Dask Gateway %s: %v", address.Redact(c.Address), err)
		}
		resp, err = c.send(ctx, method, path, payload, h)
	}
	if err != nil {
		return err
	}
	defer resp.Body.Close()
	data, err := io.ReadAll(io.LimitReader(resp.Body, maxBody))
	if err != nil {
		return unavailablef("Dask Gateway: %s %s: reading the answer: %v", method, c.url(path), err)
	}
	if resp.StatusCode >= 400 {
		return c.statusError(method, path, resp, data)
	}
	if out == nil || len(data) == 0 {
		return nil
	}
	if err := json.Unmarshal(data, out); err != nil {
		return unavailablef("Dask Gateway: %s %s: the answer is not the JSON a gateway sends (%v): is %s a Dask Gateway?", method, c.url(path), err, address.Redact(c.Address))
	}
	return nil
}

// send makes one HTTP request, with authorization when auth is not empty.
func (c *Client) send(ctx context.Context, method, path string, payload []byte, auth string) (*http.Response, error) {
	var body io.Reader
	if payload != nil {
		body = bytes.NewReader(payload)
	}
	req, err := http.NewRequestWithContext(ctx, method, c.url(path), body)
	if err != nil {
		return nil, unavailablef("Dask Gateway address %q: %v", address.Redact(c.Address), err)
	}
	if payload != nil {
		req.Header.Set("Content-Type", "application/json")
	}
	if auth != "" {
		req.Header.Set("Authorization", auth)
	}
	resp, err := c.HTTP.Do(req)
	if err != nil {
		if errors.Is(ctx.Err(), context.Canceled) {
			return nil, ctx.Err()
		}
		return nil, unavailablef("Dask Gateway at %s did not answer: %v (is the address right and the gateway running?)", address.Redact(c.Address), unwrapURL(err))
	}
	return resp, nil
}

// unwrapURL drops net/http's repetition of the method and URL.
func unwrapURL(err error) error {
	if ue, ok := err.(*url.Error); ok {
		return ue.Err
	}
	return err
}

func (c *Client) url(path string) string { return c.Address + path }

// statusError words an error status with what to do about it.
func (c *Client) statusError(method, path string, resp *http.Response, data []byte) error {
	e := &Error{Method: method, URL: address.Redact(c.url(path)), Status: resp.StatusCode, Msg: errorText(data)}
	switch resp.StatusCode {
	case http.StatusUnauthorized:
		e.Fix = fmt.Sprintf("the gateway refused the %s credentials", c.Auth.Scheme())
		if c.AuthFrom != "" {
			e.Fix += " (" + c.AuthFrom + ")"
		}
		if want := resp.Header.Get("WWW-Authenticate"); want != "" && !strings.EqualFold(strings.Fields(want)[0], c.Auth.Scheme()) {
			e.Fix += fmt.Sprintf("; it asks for %s authentication: set DASK_GATEWAY__AUTH__TYPE or gateway.auth to match", want)
		} else {
			e.Fix += ": check them"
		}
	case http.StatusForbidden:
		e.Fix = "the cluster belongs to another user"
	case http.StatusNotFound:
		e.Fix = "no such cluster: flowspec dask gateway list shows the running ones"
	}
	return e
}

// errorText is the gateway's {"error": "..."} message, or the start of a
// body that is not one.
func errorText(data []byte) string {
	var m struct {
		Error string `json:"error"`
	}
	if json.Unmarshal(data, &m) == nil && m.Error != "" {
		return m.Error
	}
	s := strings.TrimSpace(string(data))
	if len(s) > 200 {
		s = s[:200] + "..."
	}
	return s
}
