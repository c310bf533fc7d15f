package main

import (
	"strings"
	"testing"

	"github.com/flowspec/flowspec/internal/clitest"
)

// secret is the password the redaction tests write into addresses.
const secret = "hunter2-s3cret"

// secretFlows hold a password in the file's scheduler address, in a
// gateway's and in a task's argument, each on a line a diagnostic shows.
var secretFlows = map[string]string{
	"file.yaml": `version: 1
name: file
executor:
  dask:
    address: tcp://admin:` + secret + `@127.0.0.1:8786
    gateway: {address: "https://svc:` + secret + `@gw.example.com", cluster: c, auth: nope}
tasks:
  one:
    op: inc
    with: {x: "tcp://u:` + secret + `@h:1", y: 2}
`,
	"plain.yaml": `version: 1
name: plain
tasks:
  one:
    op: inc
    with:
      x: 1
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

// TestSecretsNeverPrinted runs the real binary on every path that echoes an
// address (validate in each format, run, run --explain-config, --output
// json, --once, dask info) with a password in the file, the flag and the
// environment: the password never reaches stdout or stderr, the mask does,
// and the address is refused as invalid (2) before any connection.
func TestSecretsNeverPrinted(t *testing.T) {
	bin := clitest.Build(t)
	dir := clitest.WriteFiles(t, secretFlows)
	flag := "tcp://admin:" + secret + "@127.0.0.1:8786"
	env := []string{"FLOWSPEC_DASK_ADDRESS=" + flag}
	for _, tc := range []clitest.Case{
		{Name: "validate", Args: []string{"validate", "file.yaml"}},
		{Name: "validate json", Args: []string{"validate", "--format", "json", "file.yaml"}},
		{Name: "validate github", Args: []string{"validate", "--format", "github", "file.yaml"}},
		{Name: "run file", Args: []string{"run", "file.yaml"}},
		{Name: "run file json", Args: []string{"run", "--output", "json", "file.yaml"}},
		{Name: "explain file", Args: []string{"run", "--explain-config", "file.yaml"}},
		{Name: "run flag", Args: []string{"run", "--address", flag, "plain.yaml"}},
		{Name: "run flag json", Args: []string{"run", "--output", "json", "--address", flag, "plain.yaml"}},
		{Name: "explain flag", Args: []string{"run", "--explain-config", "--address", flag, "plain.yaml"}},
		{Name: "run env", Args: []string{"run", "plain.yaml"}, Env: env},
		{Name: "explain env", Args: []string{"run", "--explain-config", "plain.yaml"}, Env: env},
		{Name: "once env json", Args: []string{"run", "--once", "--output", "json", "--state-dir", dir, "scheduled.yaml"}, Env: env},
		{Name: "dask info", Args: []string{"dask", "info", flag}},
		{Name: "dask info env", Args: []string{"dask", "info"}, Env: env},
	} {
		t.Run(tc.Name, func(t *testing.T) {
			r := clitest.Run(t, bin, dir, tc.Args, tc.Env)
			if strings.Contains(r.Stdout+r.Stderr, secret) {
				t.Errorf("flowspec %s printed the password:\nstdout:\n%s\nstderr:\n%s", strings.Join(tc.Args, " "), r.Stdout, r.Stderr)
			}
			if r.Code != 2 || !strings.Contains(r.Stdout+r.Stderr, "admin:***@") {
				t.Errorf("flowspec %s: exit %d, want 2 and the address with its password masked:\nstdout:\n%s\nstderr:\n%s", strings.Join(tc.Args, " "), r.Code, r.Stdout, r.Stderr)
			}
		})
	}
}
