package spec

import (
	"bytes"
	"encoding/json"
	"fmt"
	"strings"
	"testing"
)

func renderString(t *testing.T, ds Diagnostics, src map[string]string, format string, color bool) string {
	t.Helper()
	var b bytes.Buffer
	err := Render(&b, ds, func(f string) []byte {
		if s, ok := src[f]; ok {
			return []byte(s)
		}
		return nil
	}, format, color)
	if err != nil {
		t.Fatal(err)
	}
	return b.String()
}

func diag(file string, line, col, endCol int, msg, hint string) Diagnostic {
	return Diagnostic{Severity: Error, Message: msg, Hint: hint,
		Range: Range{File: file, Start: Pos{line, col}, End: Pos{line, endCol}}}
}

func TestRenderText(t *testing.T) {
	src := map[string]string{"flow.yaml": "version: 1\ntasks:\n  add:\n    retires: 3\n"}
	ds := Diagnostics{
		diag("flow.yaml", 4, 5, 12, `unknown field "retires" in task "add"`, `did you mean "retries"?`),
		diag("flow.yaml", 1, 10, 10, "unsupported version", ""),
	}
	want := `flow.yaml:4:5: error: unknown field "retires" in task "add"
  |
4 |     retires: 3
  |     ^^^^^^^
  = help: did you mean "retries"?

flow.yaml:1:10: error: unsupported version
  |
1 | version: 1
  |          ^

2 errors in flow.yaml
`
	if got := renderString(t, ds, src, FormatText, false); got != want {
		t.Errorf("got:\n%s\nwant:\n%s", got, want)
	}
}

func TestRenderTextWithoutSource(t *testing.T) {
	ds := Diagnostics{{Severity: Error, Range: Range{File: "gone.yaml"}, Message: "cannot read gone.yaml: no such file"}}
	want := "gone.yaml: error: cannot read gone.yaml: no such file\n\n1 error in gone.yaml\n"
	if got := renderString(t, ds, nil, FormatText, false); got != want {
		t.Errorf("got %q, want %q", got, want)
	}
}

// TestRenderTextTabs keeps tabs before the caret so it lines up under the
// character however the terminal expands them.
func TestRenderTextTabs(t *testing.T) {
	src := map[string]string{"f.yaml": "a:\n\tb: c\n"}
	got := renderString(t, Diagnostics{diag("f.yaml", 2, 2, 2, "m", "")}, src, FormatText, false)
	if !strings.Contains(got, "2 | \tb: c\n  | \t^\n") {
		t.Errorf("caret not aligned after a tab:\n%s", got)
	}
}

func TestRenderTextCap(t *testing.T) {
	var ds Diagnostics
	for i := 1; i <= MaxDiagnostics+7; i++ {
		ds = append(ds, diag("f.yaml", i, 1, 1, fmt.Sprintf("problem %d", i), ""))
	}
	got := renderString(t, ds, nil, FormatText, false)
	if n := strings.Count(got, ": error: "); n != MaxDiagnostics {
		t.Errorf("%d diagnostics shown, want %d", n, MaxDiagnostics)
	}
	if !strings.HasSuffix(got, "... and 7 more\n\n57 errors in f.yaml\n") {
		t.Errorf("ending = %q", got[len(got)-60:])
	}
}

func TestRenderSummary(t *testing.T) {
	warn := diag("b.yaml", 1, 1, 1, "w", "")
	warn.Severity = Warning
	ds := Diagnostics{diag("a.yaml", 1, 1, 1, "e", ""), warn}
	if got := summary(ds); got != "1 error and 1 warning in 2 files" {
		t.Errorf("summary = %q", got)
	}
}

func TestRenderColorOnlyWhenAsked(t *testing.T) {
	ds := Diagnostics{diag("f.yaml", 1, 1, 1, "m", "h")}
	if got := renderString(t, ds, nil, FormatText, false); strings.Contains(got, "\x1b[") {
		t.Errorf("escape codes without color: %q", got)
	}
	if got := renderString(t, ds, nil, FormatText, true); !strings.Contains(got, ansiRed+"error:"+ansiReset) {
		t.Errorf("no red error label with color: %q", got)
	}
}

func TestRenderJSON(t *testing.T) {
	ds := Diagnostics{diag("f.yaml", 3, 5, 9, "bad", "fix it")}
	var got []map[string]any
	if err := json.Unmarshal([]byte(renderString(t, ds, nil, FormatJSON, false)), &got); err != nil {
		t.Fatal(err)
	}
	want := map[string]any{"file": "f.yaml", "line": 3.0, "column": 5.0, "end_line": 3.0, "end_column": 9.0,
		"severity": "error", "message": "bad", "hint": "fix it"}
	if len(got) != 1 || fmt.Sprint(got[0]) != fmt.Sprint(want) {
		t.Errorf("got %v, want [%v]", got, want)
	}
	if empty := renderString(t, nil, nil, FormatJSON, false); strings.TrimSpace(empty) != "[]" {
		t.Errorf("no diagnostics = %q, want []", empty)
	}
}

func TestRenderGitHub(t *testing.T) {
	ds := Diagnostics{diag("dir,x/f:1.yaml", 3, 5, 9, "100% wrong\nreally", "fix, it")}
	want := "::error file=dir%2Cx/f%3A1.yaml,line=3,col=5,endColumn=9,title=flowspec::100%25 wrong%0Areally (fix, it)\n"
	if got := renderString(t, ds, nil, FormatGitHub, false); got != want {
		t.Errorf("got  %q\nwant %q", got, want)
	}
}

func TestRenderUnknownFormat(t *testing.T) {
	if err := Render(&bytes.Buffer{}, nil, nil, "xml", false); err == nil || !strings.Contains(err.Error(), "text, json or github") {
		t.Errorf("err = %v", err)
	}
}
