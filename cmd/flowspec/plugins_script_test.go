package main

import (
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"testing"
)

// buildPlugins builds the example Go plugin and the misbehaving test
// plugin of plugin/host (as flowspec-plugin-bad) into a directory the scripts find as $PLUGINS (with the
// real environment: a script's own has no Go cache).
func buildPlugins(t *testing.T, root string) string {
	t.Helper()
	dir := t.TempDir()
	for out, pkg := range map[string]string{
		"flowspec-plugin-geo": "./examples/plugins/geo",
		"flowspec-plugin-bad": "./plugin/host/testdata/faulty",
	} {
		cmd := exec.Command("go", "build", "-o", filepath.Join(dir, out), pkg)
		cmd.Dir = root
		if b, err := cmd.CombinedOutput(); err != nil {
			t.Fatalf("building %s: %v\n%s", pkg, err, b)
		}
	}
	return dir
}

// venvsDir is where the project's Python venvs are: $FLOWSPEC_VENVS, else
// .venv in the repository.
func venvsDir(root string) string {
	if d := os.Getenv("FLOWSPEC_VENVS"); d != "" {
		return d
	}
	return filepath.Join(root, ".venv")
}

// venvCondition answers [venv:NAME] in scripts: whether the named venv
// exists. When it is missing under FLOWSPEC_REQUIRE_DASK=1 (make test, CI)
// the script fails instead of skipping.
func venvCondition(cond string) (bool, error) {
	var name string
	if _, err := fmt.Sscanf(cond, "venv:%s", &name); err != nil {
		return false, fmt.Errorf("unknown condition %q", cond)
	}
	root, _ := filepath.Abs("../..")
	dir := filepath.Join(venvsDir(root), name)
	if _, err := os.Stat(filepath.Join(dir, "bin", "python")); err == nil {
		return true, nil
	}
	if os.Getenv("FLOWSPEC_REQUIRE_DASK") == "1" {
		return false, fmt.Errorf("no venv at %s: build it with `scripts/venv.sh %s` (or `make venv`)", dir, name)
	}
	return false, nil
}

// pluginEnv is the environment that finds the example plugins: the Go one
// built onto PATH, and the current venv's python3 (with msgpack) for the
// Python one, when that venv exists (python); its describe cache is new.
func pluginEnv(t *testing.T) (env []string, python bool) {
	t.Helper()
	root, _ := filepath.Abs("../..")
	python, err := venvCondition("venv:current")
	if err != nil {
		t.Fatal(err)
	}
	path := buildPlugins(t, root) + string(os.PathListSeparator) + filepath.Join(venvsDir(root), "current", "bin") + string(os.PathListSeparator) + os.Getenv("PATH")
	return []string{"PATH=" + path, "XDG_CACHE_HOME=" + t.TempDir()}, python
}
