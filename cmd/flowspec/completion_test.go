package main

import (
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/flowspec/flowspec/internal/clitest"
)

// TestBashCompletion sources the script `flowspec completion bash` prints
// in a real bash, with the real binary on PATH, and completes command lines
// as a user's Tab would: commands, flags, operator names, flow files, any
// path after a flag that takes one.
func TestBashCompletion(t *testing.T) {
	bash, err := exec.LookPath("bash")
	if err != nil {
		t.Fatalf("bash is needed to test the bash completion: %v", err)
	}
	bin := clitest.Build(t)
	dir := clitest.WriteFiles(t, map[string]string{"a.yaml": "", "b.yml": "", "notes.txt": ""})
	if err := os.Mkdir(filepath.Join(dir, "flows"), 0o755); err != nil {
		t.Fatal(err)
	}
	script := clitest.Run(t, bin, dir, []string{"completion", "bash"}, nil)
	if script.Code != 0 {
		t.Fatalf("completion bash: exit %d: %s", script.Code, script.Stderr)
	}
	if err := os.WriteFile(filepath.Join(dir, "flowspec.bash"), []byte(script.Stdout), 0o644); err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct {
		line string // the words typed; the last is under the cursor
		want []string
	}{
		{"flowspec ", []string{"init", "run", "runs", "validate", "fmt", "diff", "compile", "ops", "schema", "schedule", "dask", "completion"}},
		{"flowspec va", []string{"validate"}},
		{"flowspec ops su", []string{"sub", "sum"}},
		{"flowspec ops add s", []string{"shell", "sleep", "sort", "split", "sub", "sum"}},
		{"flowspec run --no-p", []string{"--no-progress"}},
		{"flowspec compile --for", []string{"--format"}},
		{"flowspec run ", []string{"a.yaml", "b.yml", "flows"}},
		{"flowspec validate a.yaml fl", []string{"flows"}},
		{"flowspec run --param n=3 ", []string{"a.yaml", "b.yml", "flows"}},
		{"flowspec run --param ", nil},
		{"flowspec compile --states no", []string{"notes.txt"}},
		{"flowspec dask ", []string{"gateway", "info"}},
		{"flowspec completion ", []string{"bash", "zsh", "fish"}},
		{"flowspec __comp", nil},
	} {
		got := completeBash(t, bash, bin, dir, c.line)
		slices.Sort(got)
		want := slices.Clone(c.want)
		slices.Sort(want)
		if !slices.Equal(got, want) {
			t.Errorf("%q completes to %q, want %q", c.line, got, want)
		}
	}
}

// completeBash runs the completion function for line in bash and returns
// COMPREPLY.
func completeBash(t *testing.T, bash, bin, dir, line string) []string {
	t.Helper()
	words := strings.Fields(line)
	if strings.HasSuffix(line, " ") {
		words = append(words, "")
	}
	quoted := make([]string, len(words))
	for i, w := range words {
		quoted[i] = "'" + w + "'"
	}
	prog := "source ./flowspec.bash; COMP_WORDS=(" + strings.Join(quoted, " ") + "); COMP_CWORD=" +
		itoa(len(words)-1) + "; _flowspec; printf '%s\\n' \"${COMPREPLY[@]}\""
	cmd := exec.Command(bash, "--norc", "--noprofile", "-c", prog)
	cmd.Dir = dir
	cmd.Env = clitest.Env("PATH=" + filepath.Dir(bin) + string(os.PathListSeparator) + os.Getenv("PATH"))
	out, err := cmd.CombinedOutput()
	if err != nil {
		t.Fatalf("bash completing %q: %v\n%s", line, err, out)
	}
	var got []string
	for _, l := range strings.Split(string(out), "\n") {
		if l != "" {
			got = append(got, l)
		}
	}
	return got
}

// TestCompletionScripts checks the zsh and fish scripts, which no shell
// here runs: each asks flowspec __complete for the words and completes
// flow files and paths itself when told to.
func TestCompletionScripts(t *testing.T) {
	for shell, want := range map[string][]string{
		"zsh":  {"#compdef flowspec", "flowspec __complete \"${(@)words[2,CURRENT]}\"", ":files) _files -g '*.(yaml|yml)'", ":paths) _files", "compdef _flowspec flowspec"},
		"fish": {"flowspec __complete $words", "__fish_complete_suffix .yaml", "__fish_complete_path", "complete -c flowspec -f -a '(__flowspec_complete)'"},
	} {
		for _, w := range want {
			if !strings.Contains(completionScripts[shell], w) {
				t.Errorf("the %s script lacks %q", shell, w)
			}
		}
	}
}
