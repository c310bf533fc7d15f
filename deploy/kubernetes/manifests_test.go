// Package kubernetes holds the tests of the manifests in deploy/kubernetes:
// their shape against the dask-kubernetes operator's CRD schemas and the
// Kubernetes client's models (testdata/validate.py, in the venv "kubernetes"
// of scripts/venv.sh), and the wiring between them.
package kubernetes

import (
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/flowspec/flowspec/internal/testvenv"
)

// TestManifestsValidate runs the schema check over every manifest here and
// expects a clean "ok" line per document.
func TestManifestsValidate(t *testing.T) {
	files, docs := manifests(t)
	out, err := validate(t, files...)
	if err != nil {
		t.Fatalf("validate.py: %v\n%s", err, out)
	}
	if n := countOK(out); n != len(docs) {
		t.Errorf("validate.py passed %d documents, want %d:\n%s", n, len(docs), out)
	}
}

// TestManifestCheckCatchesMistakes runs the check over testdata/bad.yaml: an
// unknown field, a wrong type and a missing required field in the CRD kinds
// and in the core kinds must each be named, so a clean run means something.
func TestManifestCheckCatchesMistakes(t *testing.T) {
	out, err := validate(t, filepath.Join("testdata", "bad.yaml"))
	if err == nil {
		t.Fatalf("validate.py accepted testdata/bad.yaml:\n%s", out)
	}
	for _, want := range []string{
		"DaskCluster bad-cluster: spec.scheduler.spec.containers.0: Additional properties are not allowed ('envv' was unexpected)",
		"DaskCluster bad-cluster: spec.worker.replicas: 'two' is not of type 'integer'",
		"DaskJob bad-job: spec: 'cluster' is a required property",
		"CronJob bad-cron: spec.jobTemplate.spec.template.spec.containers.0.args: Input should be a valid list (V1CronJob)",
		"CronJob bad-cron: spec.jobTemplate.spec.template.spec.containers.0.name: Field required (V1CronJob)",
		"Deployment bad-deployment: spec.replica: Extra inputs are not permitted (V1Deployment)",
	} {
		if !strings.Contains(out, want) {
			t.Errorf("validate.py output lacks %q:\n%s", want, out)
		}
	}
	if countOK(out) != 0 {
		t.Errorf("validate.py passed a document of testdata/bad.yaml:\n%s", out)
	}
}

// validate runs testdata/validate.py on files with the kubernetes venv.
func validate(t *testing.T, files ...string) (string, error) {
	t.Helper()
	py := filepath.Join(testvenv.Require(t, "kubernetes", "python"), "python")
	out, err := exec.Command(py, append([]string{filepath.Join("testdata", "validate.py")}, files...)...).CombinedOutput()
	return string(out), err
}

// manifests returns the manifest files here, sorted, and their documents.
func manifests(t *testing.T) ([]string, []doc) {
	t.Helper()
	files, err := filepath.Glob("*.yaml")
	if err != nil || len(files) == 0 {
		t.Fatalf("no manifests in deploy/kubernetes (%v)", err)
	}
	slices.Sort(files)
	var docs []doc
	for _, f := range files {
		docs = append(docs, readDocs(t, f)...)
	}
	return files, docs
}

// countOK counts validate.py's "ok FILE KIND NAME" lines.
func countOK(out string) int {
	n := 0
	for _, line := range strings.Split(out, "\n") {
		if strings.HasPrefix(line, "ok ") {
			n++
		}
	}
	return n
}
