package spec

import (
	"strings"
	"testing"
	"time"

	"github.com/flowspec/flowspec/builtins"
)

// parse parses src with the built-in operators and fails on any diagnostic.
func parseOK(t *testing.T, src string) *Flow {
	t.Helper()
	f, ds := Parse("flow.yaml", []byte(src), builtins.Default())
	if len(ds) > 0 {
		t.Fatalf("unexpected diagnostics:\n%s", ds.Error())
	}
	return f
}

// parseErrs parses src and returns the one-line form of each diagnostic.
func parseErrs(t *testing.T, src string) []string {
	t.Helper()
	_, ds := Parse("flow.yaml", []byte(src), builtins.Default())
	out := make([]string, len(ds))
	for i, d := range ds {
		out[i] = d.Error()
	}
	return out
}

func expectErrs(t *testing.T, src string, want ...string) {
	t.Helper()
	got := parseErrs(t, src)
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("got:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
}

func TestParseDecodesTasks(t *testing.T) {
	f := parseOK(t, `version: 1
name: demo
description: d
params:
  n: 3
  xs: {type: list, default: [1, 2], description: the xs}
  need:
env: [HOME_DIR]
defaults: {retries: 2, timeout: 1m, trigger: all_done}
tasks:
  inc:
    op: inc
    map: {x: "${{ range(params.n) }}"}
    with: {delay: 0.5}
    product: true
    flatten: true
    after: sq
    when: ${{ params.n > 1 }}
    retry_delay: 1.5
    backoff: 2
    priority: -1
    resources: {GPU: 1}
    workers: w1
    idempotent: false
    batch: auto
  sq:
    op: mul
    with: {x: 2, y: 3}
    batch: 8
outputs:
  out: ${{ tasks.inc }}
`)
	if f.Version != 1 || f.Name != "demo" || len(f.Tasks) != 2 || len(f.Outputs) != 1 {
		t.Fatalf("flow = %+v", f)
	}
	if p := f.Params; len(p) != 3 || p[1].Type != "list" || p[1].Description != "the xs" || p[1].Default.IsZero() || !p[2].Default.IsZero() {
		t.Errorf("params = %+v", p)
	}
	if len(f.Env) != 1 || f.Env[0].Name != "HOME_DIR" || !f.Env[0].Default.IsZero() {
		t.Errorf("env = %+v", f.Env)
	}
	if d := f.Defaults; *d.Retries != 2 || d.Timeout.Duration != time.Minute || d.Trigger != AllDone {
		t.Errorf("defaults = %+v", d)
	}
	inc := f.Tasks[0]
	o := inc.Options
	switch {
	case inc.Op != "inc" || inc.OpRange.Start != (Pos{12, 9}):
		t.Errorf("op = %q at %v", inc.Op, inc.OpRange)
	case len(inc.Map) != 1 || inc.Map[0].Name != "x" || len(inc.With) != 1 || inc.With[0].NameRange.Start != (Pos{14, 12}):
		t.Errorf("args: map %+v with %+v", inc.Map, inc.With)
	case !inc.Product || !inc.Flatten || len(inc.After) != 1 || inc.After[0].Name != "sq" || inc.When.IsZero():
		t.Errorf("task = %+v", inc)
	case o.RetryDelay.Duration != 1500*time.Millisecond || *o.Backoff != 2 || *o.Priority != -1 || o.Resources["GPU"] != 1:
		t.Errorf("options = %+v", o)
	case len(o.Workers) != 1 || *o.Idempotent || o.Batch == nil || !o.Batch.Auto || f.Tasks[1].Options.Batch.Size != 8:
		t.Errorf("options = %+v", o)
	}
}

func TestParseExecutorForms(t *testing.T) {
	const tasks = "\ntasks:\n  a: {op: inc, with: {x: 1}}\n"
	if e := parseOK(t, "version: 1\nexecutor: local"+tasks).Executor; e.Kind != "local" || e.Local == nil {
		t.Errorf("executor: local = %+v", e)
	}
	if e := parseOK(t, "version: 1\nexecutor: {local: {workers: 3}}"+tasks).Executor; e.Local.Workers != 3 {
		t.Errorf("local workers = %+v", e.Local)
	}
	e := parseOK(t, `version: 1
executor:
  dask:
    address: tls://10.0.0.1:8786
    timeout: 20s
    security: {ca_file: ca.pem, cert_file: c.pem, key_file: k.pem, server_name: sched}`+tasks).Executor
	d := e.Dask
	if e.Kind != "dask" || d.Address != "tls://10.0.0.1:8786" || d.Timeout.Duration != 20*time.Second ||
		d.Security.KeyFile != "k.pem" || d.Security.ServerName != "sched" || d.Security.At["cert_file"].Start != (Pos{Line: 6, Column: 44}) {
		t.Errorf("dask = %+v, security = %+v", d, d.Security)
	}
	g := parseOK(t, `version: 1
executor:
  dask:
    gateway: {address: "https://gw.example.com", cluster: c1, auth: basic, password_env: GW_PW, adapt: {minimum: 1, maximum: 4}, keep: true, options: {cores: 2}}`+tasks).Executor.Dask.Gateway
	if g.Cluster != "c1" || g.Options["cores"] != 2 || g.PasswordEnv != "GW_PW" || *g.Adapt.Maximum != 4 || !g.Keep || g.At["cluster"].Start != (Pos{Line: 4, Column: 59}) {
		t.Errorf("gateway = %+v", g)
	}
	expectErrs(t, "version: 1\nexecutor: {dask: {address: \"tcp://h:1\", gateway: {address: \"https://gw\"}}}"+tasks,
		`flow.yaml:2:28: executor.dask has both an address and a gateway (remove executor.dask.address (the gateway provides the scheduler) or the gateway block)`)
	expectErrs(t, "version: 1\nexecutor: {dask: {gateway: {cluster: c1}}}"+tasks,
		`flow.yaml:2:19: missing required field "address" in executor.dask.gateway (add address: https://gateway.example.com (the gateway's HTTP API))`)
	if f := parseOK(t, "version: 1\nexecutor: {dask: {address: \"127.0.0.1:8786\"}}"+tasks); f.Executor.Dask.Address != "127.0.0.1:8786" {
		t.Errorf("bare host:port = %+v", f.Executor.Dask)
	}
	expectErrs(t, "version: 1\nexecutor: {local: {}, dask: {}}"+tasks,
		"flow.yaml:2:11: executor: name exactly one executor: local: or dask:")
	expectErrs(t, "version: 1\nexecutor: {dask: {address: scheduler}}"+tasks,
		`flow.yaml:2:28: Dask address "scheduler" has no port (add the scheduler's port (Dask's default is 8786), e.g. scheduler:8786)`)
}

func TestParseSchedule(t *testing.T) {
	f := parseOK(t, "version: 1\nschedule: {every: 1h}\ntasks:\n  a: {op: inc, with: {x: 1}}\n")
	if f.Schedule == nil || len(f.Schedule.Clocks) != 1 || f.Schedule.Clocks[0].Every.Duration != time.Hour {
		t.Errorf("schedule = %+v", f.Schedule)
	}
	// The schedule decoder owns the block's messages: one message, not two.
	expectErrs(t, "version: 1\nschedule: {evry: 1h}\ntasks:\n  a: {op: inc, with: {x: 1}}\n",
		`flow.yaml:2:12: unknown field "evry" in clock (did you mean "every"?)`)
}

func TestParseExpressionColumns(t *testing.T) {
	// In a double-quoted string the column counts the quote.
	expectErrs(t, "version: 1\ntasks:\n  a:\n    op: inc\n    with: {x: \"${{ params.m }}\"}\n",
		`flow.yaml:5:20: unknown param "m" in task "a" (declare it under params:)`)
	// A block scalar's layout is unknown: the error points at the value.
	expectErrs(t, "version: 1\ntasks:\n  a:\n    op: inc\n    with:\n      x: |\n        ${{ 1 + }}\n",
		`flow.yaml:6:10: expression syntax error: unexpected token EOF (expressions use expr-lang syntax: https://expr-lang.org/docs/language-definition)`)
}

func TestParseReferences(t *testing.T) {
	expectErrs(t, `version: 1
params: {n: 2}
tasks:
  a:
    op: inc
    map: {x: "${{ range(params.n) }}"}
    with: {delay: "${{ index / 10.0 + len(params) * 0 }}"}
  b:
    op: sum
    with: {values: "${{ let v = tasks.a; v }}"}
    when: ${{ flow.name != "" }}
`)
	expectErrs(t, "version: 1\ntasks:\n  a:\n    op: sum\n    with: {values: \"${{ [tasks.b] }}\"}\n    after: [a]\n  b:\n    op: identity\n    with: {value: 1}\n    after: [a]\n",
		`flow.yaml:3:3: cycle: a -> b -> a (break the cycle: a task cannot depend, directly or through others, on itself)`,
		`flow.yaml:6:13: task "a" cannot run after itself (remove it from after:)`)
}

func TestParseAliases(t *testing.T) {
	expectErrs(t, "version: 1\ntasks:\n  a: &x\n    op: inc\n    with: {x: *x}\n",
		`flow.yaml:5:15: alias *x refers to the value that contains it (an anchor cannot be used inside its own value)`)
	bomb := "version: 1\na: &a [0,0,0,0,0,0,0,0,0,0]\nb: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a,*a]\nc: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b,*b]\n" +
		"d: &d [*c,*c,*c,*c,*c,*c,*c,*c,*c,*c]\ne: &e [*d,*d,*d,*d,*d,*d,*d,*d,*d,*d]\nf: [*e,*e,*e,*e,*e,*e,*e,*e,*e,*e]\n"
	expectErrs(t, bomb, `flow.yaml:1:1: YAML aliases expand this file to more than 100000 values (use fewer nested aliases, or write the values out)`)
}

func TestParseWithoutRegistrySkipsOperators(t *testing.T) {
	if _, ds := Parse("f.yaml", []byte("version: 1\ntasks:\n  a: {op: my_plugin_op}\n"), nil); len(ds) != 0 {
		t.Errorf("diagnostics without a registry: %v", ds)
	}
}

func TestLoadMissingFile(t *testing.T) {
	_, ds := Load("testdata/no-such-flow.yaml", nil)
	if len(ds) != 1 || ds[0].Message != "cannot read testdata/no-such-flow.yaml: no such file" {
		t.Errorf("diagnostics = %v", ds)
	}
}

func TestParseReportsEverything(t *testing.T) {
	got := parseErrs(t, "version: 1\ntasks:\n  a: {op: inc, with: {x: 1}, retries: x, timeout: -1, trigger: never}\n  b: {op: nope}\n")
	if len(got) != 4 {
		t.Errorf("want 4 diagnostics, got %d:\n%s", len(got), strings.Join(got, "\n"))
	}
}

func TestParseParamMappingNeedsLongForm(t *testing.T) {
	expectErrs(t, "version: 1\nparams:\n  cfg: {retries: 3}\ntasks:\n  a: {op: inc, with: {x: 1}}\n",
		`flow.yaml:3:9: unknown field "retries" in param "cfg" (a mapping here is the long form {type, default, description}; write a mapping default as {default: {...}})`)
}

// TestParseSchemaBranches checks that an anyOf failure is explained by the
// one alternative the value was meant for, or by one type error.
func TestParseSchemaBranches(t *testing.T) {
	const tasks = "\ntasks:\n  a: {op: inc, with: {x: 1}}\n"
	expectErrs(t, "version: 1\nexecutor: [local]"+tasks,
		`flow.yaml:2:11: executor: expected a string or a mapping, got a list`)
	expectErrs(t, "version: 1\nexecutor: {dask: {adress: \"tcp://a:1\"}}"+tasks,
		`flow.yaml:2:19: unknown field "adress" in executor.dask (did you mean "address"?)`)
	expectErrs(t, "version: 1\nexecutor: {locl: {}}"+tasks,
		`flow.yaml:2:12: unknown field "locl" in executor (did you mean "local"?)`)
	expectErrs(t, "version: 1\ntasks:\n  a: {op: inc, with: {x: 1}, when: 1}\n",
		`flow.yaml:3:36: tasks.a.when: expected a boolean or a string, got an integer`)
}

func TestParseFlowFields(t *testing.T) {
	expectErrs(t, "version: 1\ntasks:\n  a: {op: identity, with: {value: \"${{ flow.run }}\"}}\n",
		`flow.yaml:3:40: unknown field flow.run in task "a" (did you mean "run_id"?)`)
}

func TestParseIndexInMapList(t *testing.T) {
	expectErrs(t, "version: 1\ntasks:\n  a:\n    op: inc\n    map: {x: \"${{ [index] }}\"}\n",
		`flow.yaml:5:20: index cannot be used in map: lists, which decide the elements in task "a" (use index in with: or when:, which run once per element)`)
}

func TestParseWholeTasksNamespace(t *testing.T) {
	expectErrs(t, "version: 1\ntasks:\n  a: {op: count, with: {values: \"${{ keys(tasks) }}\"}}\n",
		`flow.yaml:3:43: tasks is not a value by itself in task "a": read one task's result (name the task: tasks.NAME or tasks["NAME"])`)
}
