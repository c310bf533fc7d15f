package spec

import (
	"context"
	"reflect"
	"strings"
	"testing"

	"github.com/flowspec/flowspec/operator"
	"github.com/flowspec/flowspec/value"
)

// pickOp is a test operator whose static check records what it was given
// and reports a problem for each argument named in its "bad" argument.
func pickOp(seen *operator.StaticArgs) *operator.Op {
	return &operator.Op{
		Name: "pick",
		Params: []operator.Param{
			{Name: "items", Type: value.List, Required: true},
			{Name: "key", Type: value.String, Default: "k"},
			{Name: "n", Type: value.Int, Default: int64(1)},
			{Name: "bad", Type: value.List, Default: []any{}},
		},
		Go: func(context.Context, []any) (any, error) { return nil, nil },
		Check: func(args operator.StaticArgs) []operator.ArgProblem {
			*seen = args
			var ps []operator.ArgProblem
			bad, _ := args.Known("bad")
			for _, b := range bad.([]any) {
				ps = append(ps, operator.ArgProblem{Param: b.(string), Message: b.(string) + " is wrong", Hint: "fix " + b.(string)})
			}
			return ps
		},
	}
}

func parseWith(t *testing.T, op *operator.Op, src string) Diagnostics {
	t.Helper()
	reg, err := operator.New(op)
	if err != nil {
		t.Fatal(err)
	}
	_, ds := Parse("flow.yaml", []byte(src), reg)
	return ds
}

func TestOpCheckSeesStaticArgs(t *testing.T) {
	var seen operator.StaticArgs
	ds := parseWith(t, pickOp(&seen), `version: 1
name: s
params:
  p: x
tasks:
  t:
    op: pick
    with:
      items: [1, "two", {a: true}]
      key: ${{ params.p }}
    map:
      n: [1, 2]
`)
	if len(ds) > 0 {
		t.Fatalf("unexpected diagnostics:\n%s", ds.Error())
	}
	want := operator.StaticArgs{
		"items": {Given: true, Known: true, Value: []any{int64(1), "two", map[string]any{"a": true}}},
		"key":   {Given: true},
		"n":     {Given: true},
		"bad":   {Known: true, Value: []any{}},
	}
	if !reflect.DeepEqual(seen, want) {
		t.Fatalf("Check got %#v, want %#v", seen, want)
	}
}

func TestOpCheckLiteralOfWrongTypeIsUnknown(t *testing.T) {
	var seen operator.StaticArgs
	parseWith(t, pickOp(&seen), `version: 1
name: s
tasks:
  t:
    op: pick
    with: {items: [1], key: 3, n: "${{ 1 }} and text"}
`)
	for _, name := range []string{"key", "n"} {
		if a := seen[name]; !a.Given || a.Known {
			t.Errorf("%s: got %+v, want given and not known (the compiler reports its type)", name, a)
		}
	}
}

func TestOpCheckProblemPositions(t *testing.T) {
	var seen operator.StaticArgs
	for _, c := range []struct{ name, src, want string }{
		{"given argument", `
    with: {items: [1], key: a, bad: [key]}`, `flow.yaml:6:29: task "t": key is wrong (fix key)`},
		{"absent argument, at with:", `
    with:
      items: [1]
      bad: [key]`, `flow.yaml:6:5: task "t": key is wrong (fix key)`},
		{"mapped argument", `
    with: {bad: [items]}
    map: {items: [[1], [2]]}`, `flow.yaml:7:18: task "t": items is wrong (fix items)`},
	} {
		t.Run(c.name, func(t *testing.T) {
			ds := parseWith(t, pickOp(&seen), "version: 1\nname: s\ntasks:\n  t:\n    op: pick"+c.src+"\n")
			if got := diagLines(ds); got != c.want {
				t.Fatalf("got:\n%s\nwant:\n%s", got, c.want)
			}
		})
	}
}

func TestOpCheckWithoutWithPointsAtTask(t *testing.T) {
	op := pickOp(new(operator.StaticArgs))
	op.Params[0].Required = false
	op.Params[0].Default = []any{}
	op.Params[3].Default = []any{"key"}
	ds := parseWith(t, op, "version: 1\nname: s\ntasks:\n  t:\n    op: pick\n")
	if got, want := diagLines(ds), `flow.yaml:4:3: task "t": key is wrong (fix key)`; got != want {
		t.Fatalf("got:\n%s\nwant:\n%s", got, want)
	}
}

// TestOpCheckSkippedAfterArgumentErrors: a misnamed or missing argument is
// the problem to fix; the operator's check would only echo it.
func TestOpCheckSkippedAfterArgumentErrors(t *testing.T) {
	var seen operator.StaticArgs
	ds := parseWith(t, pickOp(&seen), `version: 1
name: s
tasks:
  t:
    op: pick
    with: {itms: [1], bad: [key]}
`)
	if seen != nil {
		t.Errorf("Check was called with %v after argument errors", seen)
	}
	if got := diagLines(ds); strings.Contains(got, "is wrong") || !strings.Contains(got, `unknown parameter "itms"`) {
		t.Fatalf("got:\n%s", got)
	}
}

func diagLines(ds Diagnostics) string {
	out := make([]string, len(ds))
	for i, d := range ds {
		out[i] = d.Error()
	}
	return strings.Join(out, "\n")
}
