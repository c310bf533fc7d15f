package compiler_test

import (
	"math"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/flowspec/flowspec/builtins"
	"github.com/flowspec/flowspec/compiler"
	"github.com/flowspec/flowspec/spec"
)

// TestLazyExpandsToEager compiles every example and test flow eagerly and
// lazily: the lazy graph expanded one task per element must be the eager
// graph, task for task and argument for argument.
func TestLazyExpandsToEager(t *testing.T) {
	var files []string
	for _, pattern := range []string{"../examples/*.yaml", "../testdata/valid/*.yaml", "../testdata/run/*.yaml", "testdata/golden/*.yaml", "testdata/seed-nodelay.yaml"} {
		m, _ := filepath.Glob(pattern)
		files = append(files, m...)
	}
	if len(files) < 10 {
		t.Fatalf("found only %d flows", len(files))
	}
	reg := builtins.Default()
	lazy := 0
	for _, file := range files {
		f, diags := spec.Load(file, reg)
		if diags.HasErrors() {
			t.Fatalf("%s: %v", file, diags)
		}
		for _, n := range []int64{0, 3, 100} {
			// A fixed Scheduled: flow.scheduled_time has whole seconds, so two
			// compiles straddling a second on a loaded machine would differ.
			cfg := compiler.Config{Registry: reg, Seed: 1, RunID: "test", Scheduled: time.Unix(1e9, 0), LookupEnv: func(string) (string, bool) { return "", false }}
			if hasParam(f, "n") {
				cfg.Params = map[string]any{"n": n}
			}
			eager, diags := compiler.Compile(f, cfg)
			if diags.HasErrors() {
				t.Fatalf("%s: %v", file, diags)
			}
			cfg.Lazy = true
			lg, diags := compiler.Compile(f, cfg)
			if diags.HasErrors() {
				t.Fatalf("%s lazily: %v", file, diags)
			}
			if lg.Lazy() {
				lazy++
			}
			got, err := lg.Expand(func(int) int { return 0 }, "", 4e7)
			if err != nil {
				t.Fatal(err)
			}
			scrubNaN(got)
			scrubNaN(eager)
			if !reflect.DeepEqual(got, eager) {
				t.Errorf("%s, n=%d: the lazy graph expanded differs from the eager one", file, n)
			}
		}
	}
	if lazy == 0 {
		t.Error("no flow compiled to a rule group")
	}
}

// scrubNaN replaces every NaN among g's constants with a string, since
// reflect.DeepEqual finds NaN unequal to itself.
func scrubNaN(g *compiler.Graph) {
	var value func(v any) any
	value = func(v any) any {
		switch x := v.(type) {
		case float64:
			if math.IsNaN(x) {
				return "NaN"
			}
		case []any:
			for i := range x {
				x[i] = value(x[i])
			}
		case map[string]any:
			for k := range x {
				x[k] = value(x[k])
			}
		}
		return v
	}
	var arg func(a *compiler.Arg)
	arg = func(a *compiler.Arg) {
		a.Value = value(a.Value)
		for i := range a.Items {
			arg(&a.Items[i])
		}
	}
	for i := range g.Tasks {
		for k := range g.Tasks[i].Args {
			arg(&g.Tasks[i].Args[k])
		}
	}
	for i := range g.Outputs {
		arg(&g.Outputs[i].Value)
	}
}

// TestLazyCountsMadeTasks checks what the task budget counts now that
// elements are symbolic: a lazy compile counts a rule group as one task,
// so 301 elements compile under a limit of 250 where the eager compile
// refuses them; Graph.Expand counts the tasks it would make and refuses,
// before making any, naming the group that makes the most at its position.
func TestLazyCountsMadeTasks(t *testing.T) {
	reg := builtins.Default()
	f, diags := spec.Load("testdata/seed-nodelay.yaml", reg)
	if diags.HasErrors() {
		t.Fatal(diags)
	}
	cfg := compiler.Config{Registry: reg, Seed: 1, MaxTasks: 250, Params: map[string]any{"n": int64(100)}}
	if _, diags := compiler.Compile(f, cfg); !diags.HasErrors() {
		t.Fatal("eager: 301 tasks compiled under a limit of 250")
	}
	cfg.Lazy = true
	g, diags := compiler.Compile(f, cfg)
	if diags.HasErrors() {
		t.Fatalf("lazy: 3 rule groups and a task refused under a limit of 250: %v", diags)
	}
	if _, err := g.Expand(func(int) int { return 0 }, "", 301); err != nil {
		t.Errorf("301 elements refused under a limit of 301: %v", err)
	}
	_, err := g.Expand(func(int) int { return 0 }, "", 250)
	want := "testdata/seed-nodelay.yaml:6:3: task \"inc\": its 100 elements would run as 100 tasks (one task per element), which would bring the flow to 301 tasks, more than the limit of 250 tasks per flow"
	if err == nil || !strings.HasPrefix(err.Error(), want) || !strings.Contains(err.Error(), "--max-tasks") {
		t.Errorf("got %v\nwant %s (and the fix)", err, want)
	}
	if _, err := g.Expand(func(int) int { return 10 }, "concat", 40); err != nil {
		t.Errorf("3 groups in batches of 10 (33 tasks and a sum) refused under 40: %v", err)
	}
}

// TestLazyReportsAsEager checks that maps the lazy compilation cannot take
// are reported as the eager compilation reports them.
func TestLazyReportsAsEager(t *testing.T) {
	reg := builtins.Default()
	for _, body := range []string{
		"up:\n    op: upper\n    map:\n      text: ${{ range(3) }}",
		"a:\n    op: inc\n    map:\n      x: ${{ range(3) }}\n  b:\n    op: add\n    map:\n      x: ${{ tasks.a }}\n      y: ${{ range(4) }}",
		"a:\n    op: inc\n    map:\n      x: ${{ range(3) }}\n  b:\n    op: inc\n    after: [a]\n    with:\n      x: 1",
		"a:\n    op: inc\n    map:\n      x: ${{ range(0, 3, 0) }}",
	} {
		src := "version: 1\nname: t\ntasks:\n  " + body + "\n"
		f, diags := spec.Parse("t.yaml", []byte(src), reg)
		if diags.HasErrors() {
			t.Fatalf("%s: %v", src, diags)
		}
		var got [2]string
		for k, lazy := range []bool{false, true} {
			g, diags := compiler.Compile(f, compiler.Config{Registry: reg, Seed: 1, Lazy: lazy})
			got[k] = diags.Error()
			if g != nil && g.Lazy() && !lazy {
				t.Errorf("%s: an eager compilation made a rule group", src)
			}
		}
		if got[0] != got[1] {
			t.Errorf("%s:\neager: %s\nlazy:  %s", src, got[0], got[1])
		}
	}
}

func hasParam(f *spec.Flow, name string) bool {
	for _, p := range f.Params {
		if p.Name == name {
			return true
		}
	}
	return false
}
