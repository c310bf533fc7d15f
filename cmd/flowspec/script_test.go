package main

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/flowspec/flowspec/internal/testpg"
	"github.com/rogpeppe/go-internal/testscript"
)

// TestMain lets testscript run the flowspec command in-process: scripts call
// `flowspec ...` and this binary serves as it.
func TestMain(m *testing.M) {
	// Binaries the tests start with the test's environment record nothing
	// in the user's run store; the store's tests name their own. A script's
	// own setting (even empty: the default store) reaches the command,
	// which runs in a child of this binary, so only an unset one is set.
	if _, set := os.LookupEnv("FLOWSPEC_STORE"); !set {
		os.Setenv("FLOWSPEC_STORE", "off")
	}
	testscript.Main(stopsServers{m}, map[string]func(){
		"flowspec": func() { os.Exit(run(os.Args, os.Stdout, os.Stderr)) },
	})
}

// stopsServers runs the tests and then stops the PostgreSQL server the
// store tests started (testpg), which testscript.Main's os.Exit would
// otherwise leave running after go test ends.
type stopsServers struct{ m *testing.M }

// Run runs the package's tests.
func (s stopsServers) Run() int {
	defer testpg.Stop()
	return s.m.Run()
}

// TestScripts runs testdata/script/*.txtar: each is a CLI session with the
// files it needs and the exact output and exit codes a user sees.
func TestScripts(t *testing.T) {
	root, err := filepath.Abs("../..")
	if err != nil {
		t.Fatal(err)
	}
	plugins := buildPlugins(t, root)
	testscript.Run(t, testscript.Params{
		Dir:                 "testdata/script",
		RequireExplicitExec: true,
		Condition:           venvCondition,
		Setup: func(env *testscript.Env) error {
			env.Setenv("REPO", root)
			env.Setenv("PLUGINS", plugins)
			env.Setenv("VENVS", venvsDir(root))
			env.Setenv("NO_COLOR", "1")
			env.Setenv("FLOWSPEC_STORE", "off") // the run store's own tests name one
			for _, k := range []string{"FLOWSPEC_EXECUTOR", "FLOWSPEC_DASK_ADDRESS", "DASK_SCHEDULER_ADDRESS"} {
				env.Setenv(k, "")
			}
			return nil
		},
	})
}
