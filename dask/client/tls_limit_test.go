package client

import (
	"errors"
	"strings"
	"testing"

	"github.com/flowspec/flowspec/internal/bounded"
)

// TestTLSFilesAreReadWithACap: ca_file: /dev/zero was read until memory ran
// out; every PEM file is read with MaxPEMFile as its bound.
func TestTLSFilesAreReadWithACap(t *testing.T) {
	for _, s := range []Security{
		{CAFile: "/dev/zero", CertFile: "/dev/null"},
		{CAFile: "/dev/null", CertFile: "/dev/zero"},
		{CAFile: "/dev/null", CertFile: "/dev/null", KeyFile: "/dev/zero"},
	} {
		_, err := s.TLSConfig()
		if !errors.Is(err, bounded.ErrTooLarge) || !strings.Contains(err.Error(), "/dev/zero") || !strings.Contains(err.Error(), "1 MiB") {
			t.Errorf("%+v: got %v, want a too-large error naming /dev/zero and 1 MiB", s, err)
		}
	}
}
