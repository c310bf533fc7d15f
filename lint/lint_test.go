package lint_test

import (
	"slices"
	"strings"
	"testing"

	"github.com/flowspec/flowspec"
	"github.com/flowspec/flowspec/compiler"
	"github.com/flowspec/flowspec/lint"
)

// TestRules pins every rule's warning on a flow that breaks each once and
// silences some with ignore comments: the rule id, the line and that
// nothing else is reported.
func TestRules(t *testing.T) {
	ds := flowspec.Lint("testdata/all.yaml", compiler.Config{}, nil)
	var got []string
	for _, d := range ds {
		id := d.Message[strings.LastIndex(d.Message, "[")+1 : len(d.Message)-1]
		got = append(got, d.Range.String()+" "+id)
		if !strings.Contains(d.Hint, "# flowspec: ignore["+id+"]") {
			t.Errorf("%s: the hint does not say how to silence it: %q", d.Range, d.Hint)
		}
	}
	want := []string{
		"testdata/all.yaml:5:3 unused-param",
		"testdata/all.yaml:12:3 unread-task",
		"testdata/all.yaml:20:14 single-element-map",
		"testdata/all.yaml:27:14 retry-not-idempotent",
		"testdata/all.yaml:45:3 schedule-overlap",
	}
	if !slices.Equal(got, want) {
		t.Errorf("got  %q\nwant %q", got, want)
	}
}

// TestOverlapBounded: a schedule whose runs are bounded by timeouts well
// inside the interval, or that says its overlap policy, is not warned of.
func TestOverlapBounded(t *testing.T) {
	for _, file := range []string{"testdata/overlap_bounded.yaml", "testdata/overlap_said.yaml"} {
		if ds := flowspec.Lint(file, compiler.Config{}, nil); len(ds) > 0 {
			t.Errorf("%s: %v", file, ds)
		}
	}
	ds := flowspec.Lint("testdata/overlap_long.yaml", compiler.Config{}, nil)
	if len(ds) != 1 || !strings.Contains(ds[0].Message, "timeouts and retries allow 1m30s") {
		t.Errorf("overlap_long.yaml: %v", ds)
	}
}

// TestRuleIDs keeps the ids unique and in the words ignore[...] takes.
func TestRuleIDs(t *testing.T) {
	seen := map[string]bool{}
	for _, r := range lint.Rules {
		if seen[r.ID] || r.ID == "" || strings.ContainsAny(r.ID, " ,]") || r.Doc == "" {
			t.Errorf("rule %q: duplicate, empty, unwritable in ignore[...] or undocumented", r.ID)
		}
		seen[r.ID] = true
	}
}
