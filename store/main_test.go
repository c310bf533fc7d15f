package store

import (
	"os"
	"testing"

	"github.com/flowspec/flowspec/internal/testpg"
)

func TestMain(m *testing.M) {
	code := m.Run()
	testpg.Stop()
	os.Exit(code)
}
