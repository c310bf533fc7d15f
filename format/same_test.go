package format

import (
	"regexp"
	"slices"
	"testing"
	"time"

	"github.com/flowspec/flowspec/builtins"
	"github.com/flowspec/flowspec/compiler"
	"github.com/flowspec/flowspec/spec"
	"go.yaml.in/yaml/v3"
)

// exprSpace matches the spaces fmt may change: those inside ${{ }}.
var exprSpace = regexp.MustCompile(`\$\{\{\s*|\s*\}\}`)

// data decodes src as plain values with the spaces inside ${{ }} removed,
// so two files that mean the same decode equal; ok is false when src does
// not decode (a duplicate key).
func data(src []byte) (v any, ok bool) {
	if err := yaml.Unmarshal(src, &v); err != nil {
		return nil, false
	}
	return squeeze(v), true
}

// squeeze removes the spaces inside ${{ }} from every string of v.
func squeeze(v any) any {
	switch v := v.(type) {
	case string:
		return exprSpace.ReplaceAllStringFunc(v, func(m string) string {
			if m[0] == '$' {
				return "${{"
			}
			return "}}"
		})
	case []any:
		for i := range v {
			v[i] = squeeze(v[i])
		}
	case map[string]any:
		for k := range v {
			v[k] = squeeze(v[k])
		}
	case map[any]any:
		for k := range v {
			v[k] = squeeze(v[k])
		}
	}
	return v
}

// compiled loads and compiles a flow, returning its graph with source
// positions cleared (fmt moves lines) and its error messages, or a nil
// graph when the flow does not compile.
func compiled(src []byte) (*compiler.Graph, []string) {
	reg := builtins.Default()
	flow, ds := spec.Parse("flow.yaml", src, reg)
	if ds.HasErrors() {
		return nil, messages(ds)
	}
	g, more := compiler.Compile(flow, compiler.Config{Registry: reg, Seed: 1, Checking: true,
		RunID: "fmt", Scheduled: time.Unix(0, 0), LookupEnv: func(string) (string, bool) { return "", false }})
	if more.HasErrors() || g == nil {
		return nil, messages(more)
	}
	for _, grp := range g.Groups {
		grp.Range = spec.Range{}
	}
	for i := range g.Outputs {
		g.Outputs[i].Range = spec.Range{}
	}
	return g, nil
}

// messages lists the errors of ds without their positions, sorted.
func messages(ds spec.Diagnostics) []string {
	var out []string
	for _, d := range ds {
		if d.Severity == spec.Error {
			out = append(out, d.Message)
		}
	}
	slices.Sort(out)
	return out
}

// checkSame fails t unless after means what before means: the same data,
// and the same compiled graph (or the same errors; with loose, as many:
// a fuzzed null key is written null, and messages name it so).
func checkSame(t testing.TB, name string, before, after []byte, loose bool) {
	t.Helper()
	a, aok := data(before)
	b, bok := data(after)
	if aok != bok || !deepEqual(a, b) {
		t.Fatalf("%s: fmt changed the data\nbefore: %#v\nafter:  %#v\n%s", name, a, b, after)
	}
	g1, e1 := compiled(before)
	g2, e2 := compiled(after)
	if loose && len(e1) == len(e2) {
		e1, e2 = nil, nil
	}
	if !deepEqual(e1, e2) {
		t.Fatalf("%s: fmt changed the errors\nbefore: %q\nafter:  %q\n%s", name, e1, e2, after)
	}
	if !deepEqual(g1, g2) {
		t.Fatalf("%s: fmt changed the compiled graph\n%s", name, after)
	}
}
