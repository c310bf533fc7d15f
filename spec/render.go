package spec

import (
	"fmt"
	"io"
	"strings"
)

// Formats Render writes.
const (
	FormatText   = "text"
	FormatJSON   = "json"
	FormatGitHub = "github"
)

// Render writes diagnostics for a person (text: position, message, source
// line with a caret, help, and a count), a program (json: an array of
// objects) or GitHub Actions (github: ::error workflow commands). src returns
// a file's bytes for snippets and may return nil. color adds ANSI colour to
// text; the caller decides (NO_COLOR, terminal). The text form shows at most
// MaxDiagnostics entries and summarises the rest. Every form masks the
// credentials of any address in messages and snippets (address.Redact), and
// cuts long messages and source lines (see clipped and snippetWindow).
func Render(w io.Writer, ds Diagnostics, src func(file string) []byte, format string, color bool) error {
	ds = clipped(redacted(ds))
	switch format {
	case FormatText, "":
		return renderText(w, ds, src, color)
	case FormatJSON:
		return renderJSON(w, ds)
	case FormatGitHub:
		return renderGitHub(w, ds)
	}
	return fmt.Errorf("unknown format %q: use text, json or github", format)
}

// summary is the closing line: "2 errors in flow.yaml", "1 error and 1
// warning in 3 files".
func summary(ds Diagnostics) string {
	var errs, warns int
	var files []string
	seen := map[string]bool{}
	for _, d := range ds {
		if d.Severity == Warning {
			warns++
		} else {
			errs++
		}
		if !seen[d.Range.File] {
			seen[d.Range.File] = true
			files = append(files, d.Range.File)
		}
	}
	var parts []string
	if errs > 0 {
		parts = append(parts, plural(errs, "error"))
	}
	if warns > 0 {
		parts = append(parts, plural(warns, "warning"))
	}
	where := files[0]
	if len(files) > 1 {
		where = plural(len(files), "file")
	}
	return strings.Join(parts, " and ") + " in " + where
}

func plural(n int, word string) string {
	if n == 1 {
		return "1 " + word
	}
	return fmt.Sprintf("%d %ss", n, word)
}
