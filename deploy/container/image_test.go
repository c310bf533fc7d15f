// Package container holds the test of the flowspec container image
// (deploy/container/Dockerfile, built by scripts/image.sh and `make image`).
package container

import (
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

const tag = "flowspec:test"

// TestImageRunsTutorial builds the image the way `make image` does, against a
// daemon of the test's own, and runs the tutorial flow in it without a
// network: the static binary alone must compute 9900.
func TestImageRunsTutorial(t *testing.T) {
	repo := repoRoot(t)
	d := startDockerd(t)
	build := exec.Command(filepath.Join(repo, "scripts", "image.sh"), tag)
	build.Env = append(d.command().Env, "DOCKER="+d.client, "IMAGE_CONTEXT="+t.TempDir())
	if out, err := build.CombinedOutput(); err != nil {
		t.Fatalf("scripts/image.sh: %v\n%s", err, out)
	}
	run := d.command("run", "--rm", "--network", "none", "-v", filepath.Join(repo, "examples")+":/flows:ro",
		tag, "run", "--no-progress", "/flows/dask-example.yaml")
	out, err := run.Output()
	if err != nil {
		t.Fatalf("docker run: %v\n%s%s", err, out, stderrOf(err))
	}
	if got := strings.TrimSpace(string(out)); got != "total = 9900" {
		t.Errorf("the tutorial flow in the image printed %q, want \"total = 9900\"", got)
	}
	t.Run("no shell", func(t *testing.T) { noShell(t, d) })
	t.Run("scheduled state on a volume", func(t *testing.T) { stateOnVolume(t, d, repo) })
}

// stateOnVolume runs the scheduled example once in the image with a new named
// volume on /state: the unprivileged user must be able to write the run
// store, which holds the loop's state, there (the image's /state gives the
// volume its owner).
func stateOnVolume(t *testing.T, d *daemon, repo string) {
	if out, err := d.command("volume", "create", "flowspec-state").CombinedOutput(); err != nil {
		t.Fatalf("docker volume create: %v\n%s", err, out)
	}
	run := d.command("run", "--rm", "--network", "none", "-v", "flowspec-state:/state", "-v", filepath.Join(repo, "examples")+":/flows:ro",
		tag, "run", "--once", "--executor", "local", "--no-progress", "/flows/dask-scheduled.yaml")
	out, err := run.CombinedOutput()
	if err != nil || !strings.Contains(string(out), "outputs: total=9900") {
		t.Fatalf("the scheduled flow in the image: %v\n%s", err, out)
	}
	mount, err := d.command("volume", "inspect", "--format", "{{.Mountpoint}}", "flowspec-state").Output()
	if err != nil {
		t.Fatalf("docker volume inspect: %v", err)
	}
	if _, err := os.Stat(filepath.Join(strings.TrimSpace(string(mount)), "runs.db")); err != nil {
		t.Errorf("no run store (which holds the schedule's state) on the volume after a scheduled run: %v", err)
	}
}

// noShell checks the image holds no /bin/sh: only the binary and certificates.
func noShell(t *testing.T, d *daemon) {
	out, err := d.command("run", "--rm", "--network", "none", "--entrypoint", "/bin/sh", tag, "-c", "true").CombinedOutput()
	if err == nil || !strings.Contains(string(out), "/bin/sh") {
		t.Errorf("/bin/sh ran in the image (or failed for another reason): %v\n%s", err, out)
	}
}

// repoRoot is the module root, two levels above this package.
func repoRoot(t *testing.T) string {
	t.Helper()
	wd, err := os.Getwd()
	if err != nil {
		t.Fatal(err)
	}
	return filepath.Dir(filepath.Dir(wd))
}

// stderrOf returns a failed command's captured stderr.
func stderrOf(err error) string {
	if ee, ok := err.(*exec.ExitError); ok {
		return string(ee.Stderr)
	}
	return ""
}
