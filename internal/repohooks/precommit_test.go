package repohooks

import (
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/flowspec/flowspec/internal/testvenv"
)

// TestPreCommitHooks runs the repository's hooks with pre-commit from
// PyPI (try-repo: as a user's config naming this repository would, with
// the working tree's hooks) against a throwaway git repository: pre-commit
// builds flowspec with Go, validate passes a valid flow and fails an
// invalid one at its position, and fmt --check fails an unformatted flow
// with the diff.
func TestPreCommitHooks(t *testing.T) {
	bin := filepath.Join(testvenv.Require(t, "precommit", "pre-commit"), "pre-commit")
	repo := t.TempDir()
	git(t, repo, "init", "-q", "-b", "main")
	write(t, repo, map[string]string{"flows/ok.yaml": okFlow, "flows/messy.yaml": messyFlow, "flows/bad.yaml": badFlow, "notes.yaml": "not: [a flow\n"})
	git(t, repo, "add", ".")
	cache := t.TempDir()
	hook := func(id string, files ...string) (string, int) {
		args := append([]string{"try-repo", root(t), id, "--verbose", "--files"}, files...)
		cmd := exec.Command(bin, args...)
		cmd.Dir = repo
		cmd.Env = append(os.Environ(), gitEnv...)
		cmd.Env = append(cmd.Env, "PRE_COMMIT_HOME="+cache, "GOMODCACHE="+goEnv(t, "GOMODCACHE"), "GOFLAGS=-mod=mod -trimpath", "GOPROXY=off", "GOTOOLCHAIN=local")
		return run(t, cmd)
	}
	if out, code := hook("flowspec-validate", "flows/ok.yaml", "flows/messy.yaml", "notes.yaml"); code != 0 || !strings.Contains(out, "2 files valid") {
		t.Errorf("validate on valid flows (notes.yaml is no flow and not matched): exit %d\n%s", code, out)
	}
	if out, code := hook("flowspec-validate", "flows/bad.yaml"); code != 1 || !strings.Contains(out, `flows/bad.yaml:5:9: error: unknown operator "icn"`) {
		t.Errorf("validate on an invalid flow: exit %d\n%s", code, out)
	}
	if out, code := hook("flowspec-fmt", "flows/ok.yaml"); code != 0 {
		t.Errorf("fmt --check on a formatted flow: exit %d\n%s", code, out)
	}
	if out, code := hook("flowspec-fmt", "flows/messy.yaml"); code != 1 || !strings.Contains(out, "+++ b/flows/messy.yaml") || !strings.Contains(out, "run flowspec fmt -w flows/messy.yaml") {
		t.Errorf("fmt --check on an unformatted flow: exit %d\n%s", code, out)
	}
}

// goEnv reads one go env variable.
func goEnv(t *testing.T, name string) string {
	out, err := exec.Command("go", "env", name).Output()
	if err != nil {
		t.Fatal(err)
	}
	return strings.TrimSpace(string(out))
}
