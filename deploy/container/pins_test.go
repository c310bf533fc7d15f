package container

import (
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"
)

// TestWorkerImagePins keeps the worker image's pip pins equal to the venv the
// Dask tests run ("current" in scripts/venv.sh): the image cannot be built
// here, so this is what ties it to a tested version.
func TestWorkerImagePins(t *testing.T) {
	repo := repoRoot(t)
	venv := matchFile(t, filepath.Join(repo, "scripts", "venv.sh"), `(?m)^\s*current\)\s*echo "([^"]+)"`)
	image := matchFile(t, filepath.Join(repo, "deploy", "container", "worker.Dockerfile"), `(?m)pip install --no-cache-dir ((?:\S+==\S+ ?)+)`)
	want, got := strings.Fields(venv), strings.Fields(image)
	slices.Sort(want)
	slices.Sort(got)
	if !slices.Equal(got, want) {
		t.Errorf("worker.Dockerfile installs %v, scripts/venv.sh's current venv pins %v: make them equal", got, want)
	}
}

// matchFile returns the first group of pattern's first match in the file.
func matchFile(t *testing.T, path, pattern string) string {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	m := regexp.MustCompile(pattern).FindSubmatch(b)
	if m == nil {
		t.Fatalf("%s: no line matches %s", path, pattern)
	}
	return string(m[1])
}
