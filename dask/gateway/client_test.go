package gateway

import (
	"context"
	"errors"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"
)

// TestReauthenticatesOnAny401: a gateway that forgets its cookie answers a
// later request with 401; the client sends its credentials again then, not
// only on the first request, and never sends them before being asked.
func TestReauthenticatesOnAny401(t *testing.T) {
	var withAuth, without int
	valid := map[string]bool{}
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if c, err := r.Cookie("dask-gateway-x"); err == nil && valid[c.Value] {
			delete(valid, c.Value) // forgotten after one use, as after cache_max_age
			w.Write([]byte(`{"version": "2026.3.0"}`))
			return
		}
		if r.Header.Get("Authorization") != "Basic YWxpY2U6cHc=" {
			without++
			w.Header().Set("WWW-Authenticate", "Basic")
			w.WriteHeader(http.StatusUnauthorized)
			w.Write([]byte(`{"error": "Authentication required"}`))
			return
		}
		withAuth++
		valid["v"+r.URL.Path] = true
		http.SetCookie(w, &http.Cookie{Name: "dask-gateway-x", Value: "v" + r.URL.Path, Path: "/"})
		w.Write([]byte(`{"version": "2026.3.0"}`))
	}))
	defer srv.Close()
	c := New(srv.URL, Basic{User: "alice", Password: "pw"}, 10*time.Second)
	for i := 0; i < 3; i++ {
		if v, err := c.Version(context.Background()); err != nil || v != "2026.3.0" {
			t.Fatalf("request %d: %q, %v", i, v, err)
		}
	}
	// 1: 401 then credentials; 2: the cookie; 3: 401 (forgotten) then credentials.
	if withAuth != 2 || without != 2 {
		t.Errorf("%d requests with credentials, %d without; want 2 and 2", withAuth, without)
	}
}

// TestRefusedCredentials: credentials refused again are an error that says
// so, and matches ErrUnavailable.
func TestRefusedCredentials(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("WWW-Authenticate", "Basic")
		w.WriteHeader(http.StatusUnauthorized)
		w.Write([]byte(`{"error": "Authentication required"}`))
	}))
	defer srv.Close()
	c := New(srv.URL, Basic{User: "alice", Password: "wrong"}, 10*time.Second)
	c.AuthFrom = "user alice, password from env GW_PW"
	_, err := c.List(context.Background())
	if err == nil || !errors.Is(err, ErrUnavailable) || !strings.Contains(err.Error(), "HTTP 401: Authentication required (the gateway refused the Basic credentials (user alice, password from env GW_PW): check them)") {
		t.Errorf("error %v", err)
	}
}
