package main

import (
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
)

// zonedFlow fires at 02:30 New York time: in March 2026 the offset changes
// from -05:00 to -04:00, which only a real zone database knows.
const zonedFlow = `version: 1
name: zoned
schedule: {cron: "30 2 * * *", timezone: America/New_York}
tasks:
  a: {op: inc, with: {x: 1}}
`

// TestTimezoneWithoutZoneinfo runs the real binary in a root directory that
// holds nothing but the binary, the flow and an empty directory ZONEINFO
// points at: no /usr/share/zoneinfo, no Go root. The schedule must still be
// read in New York time, from the database embedded in the binary.
func TestTimezoneWithoutZoneinfo(t *testing.T) {
	root := t.TempDir()
	buildStatic(t, filepath.Join(root, "flowspec"))
	if err := os.WriteFile(filepath.Join(root, "zoned.yaml"), []byte(zonedFlow), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.Mkdir(filepath.Join(root, "zoneinfo"), 0o755); err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command("/flowspec", "schedule", "--next", "2", "--from", "2026-03-07T12:00:00Z", "/zoned.yaml")
	cmd.Env = []string{"ZONEINFO=/zoneinfo", "TZ=UTC", "NO_COLOR=1"}
	cmd.SysProcAttr = jail(root)
	out, err := cmd.CombinedOutput()
	if err != nil {
		t.Fatalf("flowspec schedule in an empty root: %v\n%s", err, out)
	}
	for _, want := range []string{"Sun 2026-03-08 03:00:00 -04:00 EDT", "Mon 2026-03-09 02:30:00 -04:00 EDT"} {
		if !strings.Contains(string(out), want) {
			t.Errorf("output lacks %q:\n%s", want, out)
		}
	}
}

// jail makes the child see root as "/": a plain chroot as root, otherwise
// inside a user namespace where the test's user is root.
func jail(root string) *syscall.SysProcAttr {
	attr := &syscall.SysProcAttr{Chroot: root}
	if os.Geteuid() != 0 {
		attr.Cloneflags = syscall.CLONE_NEWUSER
		attr.UidMappings = []syscall.SysProcIDMap{{ContainerID: 0, HostID: os.Geteuid(), Size: 1}}
		attr.GidMappings = []syscall.SysProcIDMap{{ContainerID: 0, HostID: os.Getegid(), Size: 1}}
	}
	return attr
}

// buildStatic builds cmd/flowspec as the container image does: CGO off, so
// the binary needs no C library or dynamic loader in its root.
func buildStatic(t *testing.T, bin string) {
	t.Helper()
	cmd := exec.Command("go", "build", "-o", bin, "github.com/flowspec/flowspec/cmd/flowspec")
	cmd.Env = append(os.Environ(), "CGO_ENABLED=0")
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("go build: %v\n%s", err, out)
	}
}
