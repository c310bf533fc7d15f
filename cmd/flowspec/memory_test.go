package main

import (
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"testing"
)

// validateMemoryBudget is the documented bound on the peak memory of
// flowspec validate with the default limits (docs/limits.md).
const validateMemoryBudget = 1 << 30

// TestValidateMemoryBounded runs the real binary on hostile files, each of
// which once exhausted memory or came close, and checks that each is refused
// (exit 2) with a peak resident size under the documented budget: a limit
// check on the kernel's max RSS, not a timing.
func TestValidateMemoryBounded(t *testing.T) {
	bin, err := exec.LookPath("flowspec")
	if err != nil {
		t.Fatalf("the flowspec command testscript provides is not on PATH: %v", err)
	}
	dir := t.TempDir()
	for name, body := range hostileFlows() {
		path := filepath.Join(dir, name+".yaml")
		if err := os.WriteFile(path, []byte(body), 0o600); err != nil {
			t.Fatal(err)
		}
		t.Run(name, func(t *testing.T) { checkPeak(t, bin, path, 2) })
	}
	t.Run("dev-zero", func(t *testing.T) { checkPeak(t, bin, "/dev/zero", 2) })
	// The largest flow the default budget allows: a million elements made
	// one by one (a map over a list, not over range(...), which stays a
	// rule); and a rule group of 10^7 elements (the most a range has), which validate checks
	// without making them.
	for name, x := range map[string]string{"largest-valid": "range(1000000)[0:]", "rule-valid": "range(10000000)"} {
		path := filepath.Join(dir, name+".yaml")
		if err := os.WriteFile(path, []byte("version: 1\nname: largest\ntasks:\n  t:\n    op: inc\n    map:\n      x: ${{ "+x+" }}\n"), 0o600); err != nil {
			t.Fatal(err)
		}
		t.Run(name, func(t *testing.T) { checkPeak(t, bin, path, 0) })
	}
}

// checkPeak runs flowspec validate on path and checks its exit code and
// max RSS.
func checkPeak(t *testing.T, bin, path string, wantExit int) {
	cmd := exec.Command(bin, "validate", path)
	out, err := cmd.CombinedOutput()
	var exit *exec.ExitError
	if err != nil && !errors.As(err, &exit) {
		t.Fatal(err)
	}
	if got := cmd.ProcessState.ExitCode(); got != wantExit {
		t.Fatalf("validate %s: exit %d, want %d; output:\n%.2000s", filepath.Base(path), got, wantExit, out)
	}
	rss := int64(cmd.ProcessState.SysUsage().(*syscall.Rusage).Maxrss) << 10 // KiB on Linux
	if rss > validateMemoryBudget {
		t.Errorf("validate %s peaked at %d MiB, over the budget of %d MiB", filepath.Base(path), rss>>20, validateMemoryBudget>>20)
	}
	if strings.Contains(string(out), "goroutine ") {
		t.Errorf("validate %s printed a Go stack trace:\n%.2000s", filepath.Base(path), out)
	}
}

// hostileFlows are invalid flows that ask for far more than any budget
// allows, or are as large as a flow file may be.
func hostileFlows() map[string]string {
	head := "version: 1\nname: hostile\ntasks:\n  t:\n    op: "
	lets := `let s0 = "aaaaaaaaaaaaaaaa"; `
	for i := 1; i <= 30; i++ {
		lets += "let s" + strconv.Itoa(i) + " = s" + strconv.Itoa(i-1) + " + s" + strconv.Itoa(i-1) + "; "
	}
	return map[string]string{
		"product":       head + "add\n    product: true\n    map:\n      x: ${{ range(1000000) }}\n      y: ${{ range(1000000) }}\n",
		"range":         head + "sum\n    with:\n      values: ${{ range(10000000) }}\n",
		"through":       head + "inc\n    map:\n      x: ${{ 1..10000000 }}\n",
		"doubling":      head + "identity\n    with:\n      value: ${{ " + lets + "len(s30) }}\n",
		"repeat":        head + "identity\n    with:\n      value: ${{ len(repeat(repeat(\"a\", 1000000), 1000000)) }}\n",
		"nested-map":    head + "identity\n    with:\n      value: ${{ len(map(range(100000), map(range(100000), #))) }}\n",
		"reduce":        head + "identity\n    with:\n      value: ${{ reduce(range(1000000), reduce(range(1000000), #acc + #, 0), 0) }}\n",
		"many-values":   head + "inc\n    map:\n      x: [" + strings.Repeat("1,", 8_000_000) + "1]\n",
		"alias-bomb":    aliasBomb(),
		"long-string":   head + "nope\n    with:\n      value: \"" + strings.Repeat("a", 15<<20) + "\"\n",
		"past-max-size": head + "identity\n    with:\n      value: \"" + strings.Repeat("a", 17<<20) + "\"\n",
	}
}

// aliasBomb is a "billion laughs" file: each level repeats the last ten times.
func aliasBomb() string {
	var b strings.Builder
	b.WriteString("version: 1\nname: bomb\nparams:\n  l0: &l0 [a, a, a, a, a, a, a, a, a, a]\n")
	for i := 1; i < 10; i++ {
		p := "*l" + strconv.Itoa(i-1)
		b.WriteString("  l" + strconv.Itoa(i) + ": &l" + strconv.Itoa(i) + " [" + strings.Repeat(p+", ", 9) + p + "]\n")
	}
	b.WriteString("tasks:\n  t:\n    op: identity\n    with:\n      value: *l9\n")
	return b.String()
}
