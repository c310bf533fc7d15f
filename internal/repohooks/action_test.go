package repohooks

import (
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"go.yaml.in/yaml/v3"
)

// action is the part of action.yml the test reads.
type action struct {
	Inputs map[string]struct {
		Default string `yaml:"default"`
	} `yaml:"inputs"`
	Runs struct {
		Using string `yaml:"using"`
		Steps []struct {
			Name  string            `yaml:"name"`
			Uses  string            `yaml:"uses"`
			Shell string            `yaml:"shell"`
			Run   string            `yaml:"run"`
			Env   map[string]string `yaml:"env"`
		} `yaml:"steps"`
	} `yaml:"runs"`
}

// TestActionOnPullRequest runs the Action's steps as plain shell, the way
// the runner does (bash -eo pipefail, GITHUB_PATH, GITHUB_STEP_SUMMARY),
// in a throwaway repository on a pull-request branch: flowspec is built
// from this repository, the flows validate and are formatted, and the diff
// step annotates what the pull request changes.
func TestActionOnPullRequest(t *testing.T) {
	a := readAction(t)
	repo, env := pullRequest(t)
	outputs := runSteps(t, a, repo, env, map[string]string{"files": "flows/*.yaml"})
	for _, want := range []string{
		"::notice file=flows/etl.yaml,line=7,col=10,endColumn=28,title=flowspec diff::task inc: mapped argument x ${{ range(100) }} → ${{ range(1000) }}",
		"::notice file=flows/etl.yaml,line=4,col=3,endColumn=6,title=flowspec diff::task inc: 100 → 1000 elements",
		"::notice file=flows/new.yaml,title=flowspec diff::new flow",
	} {
		if !strings.Contains(outputs["Say what the pull request changes"], want) {
			t.Errorf("the diff step did not print %q:\n%s", want, outputs["Say what the pull request changes"])
		}
	}
	summary, err := os.ReadFile(env["GITHUB_STEP_SUMMARY"])
	if err != nil || !strings.Contains(string(summary), "~ task inc: 100 → 1000 elements") {
		t.Errorf("step summary: %v\n%s", err, summary)
	}
}

// TestActionFailsOnBadFlows: an invalid flow fails the validate step with
// an error annotation, and an unformatted one fails the layout step.
func TestActionFailsOnBadFlows(t *testing.T) {
	a := readAction(t)
	repo, env := pullRequest(t)
	write(t, repo, map[string]string{"flows/bad.yaml": badFlow, "flows/messy.yaml": messyFlow})
	env["GITHUB_EVENT_NAME"] = "push"
	path := buildStep(t, a, repo, env)
	out, code := step(t, a, "Validate", repo, env, path, map[string]string{"files": "flows/bad.yaml"})
	if code != 2 || !strings.Contains(out, `::error file=flows/bad.yaml,line=5,col=9,endColumn=12,title=flowspec::unknown operator "icn"`) {
		t.Errorf("validate step: exit %d\n%s", code, out)
	}
	out, code = step(t, a, "Check the layout", repo, env, path, map[string]string{"files": "flows/messy.yaml"})
	if code != 1 || !strings.Contains(out, "+++ b/flows/messy.yaml") {
		t.Errorf("layout step: exit %d\n%s", code, out)
	}
}

func readAction(t *testing.T) *action {
	t.Helper()
	src, err := os.ReadFile(filepath.Join(root(t), "action.yml"))
	if err != nil {
		t.Fatal(err)
	}
	var a action
	if err := yaml.Unmarshal(src, &a); err != nil {
		t.Fatal(err)
	}
	if a.Runs.Using != "composite" {
		t.Fatalf("action.yml runs using %q, want composite", a.Runs.Using)
	}
	return &a
}

// pullRequest makes an origin repository whose main branch holds
// flows/etl.yaml, and a clone on a branch that changes it and adds
// flows/new.yaml; it returns the clone and the runner's environment.
func pullRequest(t *testing.T) (string, map[string]string) {
	dir := t.TempDir()
	origin, repo := filepath.Join(dir, "origin.git"), filepath.Join(dir, "work")
	git(t, dir, "init", "-q", "--bare", "-b", "main", origin)
	git(t, dir, "clone", "-q", origin, repo)
	git(t, repo, "checkout", "-q", "-b", "main")
	write(t, repo, map[string]string{"flows/etl.yaml": okFlow})
	git(t, repo, "add", ".")
	git(t, repo, "commit", "-q", "-m", "etl")
	git(t, repo, "push", "-q", "origin", "main")
	git(t, repo, "checkout", "-q", "-b", "bigger")
	write(t, repo, map[string]string{"flows/etl.yaml": okFlowBigger, "flows/new.yaml": okFlow})
	git(t, repo, "add", ".")
	git(t, repo, "commit", "-q", "-m", "bigger")
	runner := filepath.Join(dir, "runner")
	if err := os.Mkdir(runner, 0o755); err != nil {
		t.Fatal(err)
	}
	return repo, map[string]string{
		"GITHUB_ACTION_PATH":  root(t),
		"RUNNER_TEMP":         runner,
		"GITHUB_PATH":         filepath.Join(runner, "path"),
		"GITHUB_STEP_SUMMARY": filepath.Join(runner, "summary"),
		"GITHUB_EVENT_NAME":   "pull_request",
		"GITHUB_BASE_REF":     "main",
	}
}

// runSteps runs every run: step in order, each of which must succeed, and
// returns their outputs by step name. uses: steps (setup-go) are the
// runner's business and are passed over.
func runSteps(t *testing.T, a *action, repo string, env, inputs map[string]string) map[string]string {
	outputs := map[string]string{}
	path := os.Getenv("PATH")
	for _, s := range a.Runs.Steps {
		if s.Uses != "" {
			continue
		}
		out, code := runStep(t, a, s.Run, s.Env, repo, env, path, inputs)
		if code != 0 {
			t.Fatalf("step %q: exit %d\n%s", s.Name, code, out)
		}
		outputs[s.Name] = out
		path = runnerPath(t, env) + string(os.PathListSeparator) + os.Getenv("PATH")
	}
	return outputs
}

// buildStep runs the build step and returns the PATH the later steps see.
func buildStep(t *testing.T, a *action, repo string, env map[string]string) string {
	if out, code := step(t, a, "Build flowspec at the Action's ref", repo, env, os.Getenv("PATH"), nil); code != 0 {
		t.Fatalf("build step: exit %d\n%s", code, out)
	}
	return runnerPath(t, env) + string(os.PathListSeparator) + os.Getenv("PATH")
}

// step runs the named step.
func step(t *testing.T, a *action, name, repo string, env map[string]string, path string, inputs map[string]string) (string, int) {
	for _, s := range a.Runs.Steps {
		if s.Name == name {
			return runStep(t, a, s.Run, s.Env, repo, env, path, inputs)
		}
	}
	t.Fatalf("action.yml has no step %q", name)
	return "", 0
}

// runnerPath is what the steps added to GITHUB_PATH, as the runner puts it
// before PATH for the next steps.
func runnerPath(t *testing.T, env map[string]string) string {
	b, err := os.ReadFile(env["GITHUB_PATH"])
	if err != nil {
		t.Fatalf("the build step wrote no GITHUB_PATH: %v", err)
	}
	return strings.Join(strings.Fields(string(b)), string(os.PathListSeparator))
}

// runStep runs one step's script with bash as the runner does, its env:
// expressions filled from inputs (or their defaults) and github.*.
func runStep(t *testing.T, a *action, script string, stepEnv map[string]string, repo string, env map[string]string, path string, inputs map[string]string) (string, int) {
	t.Helper()
	cmd := exec.Command("bash", "--noprofile", "--norc", "-eo", "pipefail", "-c", script)
	cmd.Dir = repo
	cmd.Env = append(os.Environ(), gitEnv...)
	cmd.Env = append(cmd.Env, "PATH="+path)
	for k, v := range env {
		cmd.Env = append(cmd.Env, k+"="+v)
	}
	for k, v := range stepEnv {
		cmd.Env = append(cmd.Env, k+"="+expand(t, a, v, inputs))
	}
	return run(t, cmd)
}

// expression matches ${{ inputs.NAME }}, the only expressions step env
// values may hold.
var expression = regexp.MustCompile(`\$\{\{\s*([^}]*?)\s*\}\}`)

// expand fills ${{ inputs.NAME }} from inputs or the input's default.
func expand(t *testing.T, a *action, s string, inputs map[string]string) string {
	return expression.ReplaceAllStringFunc(s, func(m string) string {
		name, ok := strings.CutPrefix(expression.FindStringSubmatch(m)[1], "inputs.")
		in, declared := a.Inputs[name]
		if !ok || !declared {
			t.Fatalf("action.yml: step env holds %s; only declared inputs are filled in", m)
		}
		if v, given := inputs[name]; given {
			return v
		}
		return in.Default
	})
}
