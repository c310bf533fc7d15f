package spec

import (
	"sort"
	"strings"
)

// Severity says whether a diagnostic stops a flow from running.
type Severity string

// Severities, from the one that blocks to the one that only informs.
const (
	Error   Severity = "error"
	Warning Severity = "warning"
)

// Diagnostic is one problem found in a flow file: where, what, and (when there
// is one) how to fix it. Deep code records the Range of the node it was looking
// at; Render adds the file's source snippet when the diagnostic is shown.
type Diagnostic struct {
	Severity Severity `json:"severity"`
	Range    Range    `json:"range"`
	Message  string   `json:"message"`
	// Hint is the fix, when there is one ("did you mean \"inc\"?").
	Hint string `json:"hint,omitempty"`
}

// Error renders d as file:line:col: message, the one-line form.
func (d Diagnostic) Error() string {
	s := d.Range.String() + ": " + d.Message
	if d.Hint != "" {
		s += " (" + d.Hint + ")"
	}
	return s
}

// Diagnostics is every problem found in one or more files. It is an error when
// it holds at least one Error-severity entry.
type Diagnostics []Diagnostic

// MaxDiagnostics caps how many problems are reported for one run; past it the
// rest are summarised in one line, so a badly broken file stays readable.
const MaxDiagnostics = 50

// Errorf appends an error at r.
func (ds *Diagnostics) Errorf(r Range, hint, format string, args ...any) {
	*ds = append(*ds, Diagnostic{Severity: Error, Range: r, Message: sprintf(format, args...), Hint: hint})
}

// Warnf appends a warning at r.
func (ds *Diagnostics) Warnf(r Range, hint, format string, args ...any) {
	*ds = append(*ds, Diagnostic{Severity: Warning, Range: r, Message: sprintf(format, args...), Hint: hint})
}

// HasErrors reports whether any entry is an error (not a warning).
func (ds Diagnostics) HasErrors() bool {
	for _, d := range ds {
		if d.Severity == Error {
			return true
		}
	}
	return false
}

// Sort orders by file, line, column, then message, and drops exact repeats.
func (ds Diagnostics) Sort() Diagnostics {
	sort.SliceStable(ds, func(i, j int) bool {
		a, b := ds[i].Range, ds[j].Range
		if a.File != b.File {
			return a.File < b.File
		}
		if a.Start.Line != b.Start.Line {
			return a.Start.Line < b.Start.Line
		}
		if a.Start.Column != b.Start.Column {
			return a.Start.Column < b.Start.Column
		}
		return ds[i].Message < ds[j].Message
	})
	out := ds[:0]
	for i, d := range ds {
		if i > 0 && d == ds[i-1] {
			continue
		}
		out = append(out, d)
	}
	return out
}

// Error joins the one-line forms, so Diagnostics can travel as an error.
func (ds Diagnostics) Error() string {
	lines := make([]string, len(ds))
	for i, d := range ds {
		lines[i] = d.Error()
	}
	return strings.Join(lines, "\n")
}
