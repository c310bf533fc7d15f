package repohooks

import (
	"bytes"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

// root is the repository's top directory.
func root(t *testing.T) string {
	t.Helper()
	dir, err := filepath.Abs("../..")
	if err != nil {
		t.Fatal(err)
	}
	return dir
}

// gitEnv is the environment for git in a throwaway repository: a fixed
// identity, no user or system configuration.
var gitEnv = []string{
	"GIT_AUTHOR_NAME=test", "GIT_AUTHOR_EMAIL=test@example.com",
	"GIT_COMMITTER_NAME=test", "GIT_COMMITTER_EMAIL=test@example.com",
	"GIT_CONFIG_NOSYSTEM=1", "GIT_CONFIG_GLOBAL=/dev/null",
}

// git runs git in dir and fails the test when it fails.
func git(t *testing.T, dir string, args ...string) string {
	t.Helper()
	cmd := exec.Command("git", args...)
	cmd.Dir = dir
	cmd.Env = append(os.Environ(), gitEnv...)
	out, err := cmd.CombinedOutput()
	if err != nil {
		t.Fatalf("git %s: %v\n%s", strings.Join(args, " "), err, out)
	}
	return string(out)
}

// write creates files (name → content) under dir.
func write(t *testing.T, dir string, files map[string]string) {
	t.Helper()
	for name, content := range files {
		path := filepath.Join(dir, name)
		if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, []byte(content), 0o644); err != nil {
			t.Fatal(err)
		}
	}
}

// run runs cmd and returns its combined output and exit code.
func run(t *testing.T, cmd *exec.Cmd) (string, int) {
	t.Helper()
	var out bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &out
	err := cmd.Run()
	if ee, ok := err.(*exec.ExitError); ok {
		return out.String(), ee.ExitCode()
	}
	if err != nil {
		t.Fatalf("%s: %v", cmd, err)
	}
	return out.String(), 0
}

// Flows the tests commit: valid and formatted, valid but not formatted,
// and invalid.
const (
	okFlow = `version: 1
name: etl
tasks:
  inc:
    op: inc
    map:
      x: ${{ range(100) }}
  total:
    op: sum
    with:
      values: ${{ tasks.inc }}
outputs:
  total: ${{ tasks.total }}
`
	okFlowBigger = `version: 1
name: etl
tasks:
  inc:
    op: inc
    map:
      x: ${{ range(1000) }}
  total:
    op: sum
    with:
      values: ${{ tasks.inc }}
outputs:
  total: ${{ tasks.total }}
`
	messyFlow = `name: messy
version: 1
tasks:
  one: {with: {x: 1}, op: inc}
outputs:
  one: "${{tasks.one}}"
`
	badFlow = `version: 1
name: bad
tasks:
  a:
    op: icn
`
)
