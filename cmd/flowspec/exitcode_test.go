package main

import (
	"net"
	"testing"

	"github.com/flowspec/flowspec/internal/clitest"
)

// exitFlows are the flows the exit-code tests run, by file name.
var exitFlows = map[string]string{
	"ok.yaml": `version: 1
name: ok
tasks:
  one:
    op: inc
    with:
      x: 1
outputs:
  one: ${{ tasks.one }}
`,
	"fail.yaml": `version: 1
name: fail
tasks:
  boom:
    op: fail
    with:
      message: boom
`,
	"invalid.yaml": `version: 1
name: invalid
tasks:
  one:
    op: no_such_op
`,
	"scheduled.yaml": `version: 1
name: scheduled
schedule:
  every: 1h
tasks:
  one:
    op: inc
    with:
      x: 1
`,
}

// TestExitCodes pins the exit codes the README and `flowspec --help`
// document, on the real binary: 0 ok, 1 a task failed, 2 invalid flow or
// command line, 3 the executor could not be reached (a refused port, for
// run, run --once and dask info alike). 130 is TestRunInterrupted's here and
// TestCLIInterruptedJSON's in package dask, which also has the TLS handshake
// failure (TestCLIExitCodeTLS): only tests under dask/ may start clusters.
func TestExitCodes(t *testing.T) {
	bin := clitest.Build(t)
	dir := clitest.WriteFiles(t, exitFlows)
	refused := "tcp://" + closedPort(t)
	clitest.Check(t, bin, dir, []clitest.Case{
		{Name: "ok", Args: []string{"run", "--executor", "local", "ok.yaml"}, Code: 0},
		{Name: "validate ok", Args: []string{"validate", "ok.yaml"}, Code: 0},
		{Name: "task failed", Args: []string{"run", "--executor", "local", "fail.yaml"}, Code: 1, Stderr: "boom"},
		{Name: "task failed json", Args: []string{"run", "--executor", "local", "--output", "json", "fail.yaml"}, Code: 1},
		{Name: "invalid flow", Args: []string{"validate", "invalid.yaml"}, Code: 2, Stderr: "invalid.yaml:5:9"},
		{Name: "invalid flow run", Args: []string{"run", "invalid.yaml"}, Code: 2, Stderr: "invalid.yaml:5:9"},
		{Name: "missing file", Args: []string{"run", "nowhere.yaml"}, Code: 2, Stderr: "nowhere.yaml"},
		{Name: "unknown flag", Args: []string{"run", "--bogus", "ok.yaml"}, Code: 2, Stderr: "unknown flag --bogus (flowspec run --help lists the flags)"},
		{Name: "bad flag value", Args: []string{"run", "--workers", "many", "ok.yaml"}, Code: 2, Stderr: `invalid value "many" for flag -workers`},
		{Name: "flag without value", Args: []string{"validate", "--format"}, Code: 2, Stderr: "flag needs an argument: -format"},
		{Name: "unknown command", Args: []string{"rn", "ok.yaml"}, Code: 2, Stderr: `unknown command "rn". Did you mean "run"?`},
		{Name: "help", Args: []string{"help"}, Code: 0, Stdout: "COMMANDS:"},
		{Name: "help run", Args: []string{"help", "run"}, Code: 0, Stdout: "flowspec run"},
		{Name: "help unknown", Args: []string{"help", "rn"}, Code: 2, Stderr: `unknown command "rn". Did you mean "run"?`},
		{Name: "unknown subcommand", Args: []string{"dask", "inf"}, Code: 2, Stderr: `unknown command "inf". Did you mean "info"?`},
		{Name: "bad scheme", Args: []string{"run", "--address", "udp://127.0.0.1:8786", "ok.yaml"}, Code: 2, Stderr: "udp"},
		{Name: "refused run", Args: []string{"run", "--address", refused, "ok.yaml"}, Code: 3, Stderr: "connection refused"},
		{Name: "refused run json", Args: []string{"run", "--output", "json", "--address", refused, "ok.yaml"}, Code: 3, Stderr: "connection refused"},
		{Name: "refused env", Args: []string{"run", "ok.yaml"}, Env: []string{"FLOWSPEC_DASK_ADDRESS=" + refused}, Code: 3, Stderr: "connection refused"},
		{Name: "refused once", Args: []string{"run", "--once", "--state-dir", dir, "--address", refused, "scheduled.yaml"}, Code: 3, Stdout: "connection refused"},
		{Name: "refused dask info", Args: []string{"dask", "info", refused}, Code: 3, Stderr: "connection refused"},
	})
}

// closedPort returns a loopback address whose port refuses connections: it
// was just listened on and closed.
func closedPort(t *testing.T) string {
	t.Helper()
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := l.Addr().String()
	if err := l.Close(); err != nil {
		t.Fatal(err)
	}
	return addr
}
