package spec

import (
	"encoding/json"
	"io"
)

// jsonDiagnostic is one entry of the json form: flat, with 1-based positions
// (0 when unknown), for editors and scripts.
type jsonDiagnostic struct {
	File      string   `json:"file"`
	Line      int      `json:"line"`
	Column    int      `json:"column"`
	EndLine   int      `json:"end_line"`
	EndColumn int      `json:"end_column"`
	Severity  Severity `json:"severity"`
	Message   string   `json:"message"`
	Hint      string   `json:"hint"`
}

// renderJSON writes every diagnostic (uncapped: programs filter themselves)
// as one JSON array, [] when there are none.
func renderJSON(w io.Writer, ds Diagnostics) error {
	out := make([]jsonDiagnostic, len(ds))
	for i, d := range ds {
		out[i] = jsonDiagnostic{
			File: d.Range.File, Line: d.Range.Start.Line, Column: d.Range.Start.Column,
			EndLine: d.Range.End.Line, EndColumn: d.Range.End.Column,
			Severity: d.Severity, Message: d.Message, Hint: d.Hint,
		}
	}
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	return enc.Encode(out)
}
