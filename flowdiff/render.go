package flowdiff

import (
	"encoding/json"
	"fmt"
	"io"

	"github.com/flowspec/flowspec/spec"
)

// Formats Write accepts.
const (
	FormatText   = "text"
	FormatJSON   = "json"
	FormatGitHub = "github"
)

// Write renders changes from oldName to newName: text (one line per
// change, a header first), json (for tools) or github (a notice annotation
// per change on the new file's line; removals annotate the file).
func Write(w io.Writer, format, oldName, newName string, changes []Change) error {
	switch format {
	case FormatJSON:
		return writeJSON(w, oldName, newName, changes)
	case FormatGitHub:
		for _, c := range changes {
			r := c.Range
			if c.Kind == Removed {
				r = spec.Range{File: newName}
			}
			if _, err := fmt.Fprintln(w, spec.GitHubCommand("notice", r, "flowspec diff", c.Message())); err != nil {
				return err
			}
		}
		return nil
	}
	return writeText(w, oldName, newName, changes)
}

// writeText writes a header and one line per change.
func writeText(w io.Writer, oldName, newName string, changes []Change) error {
	if len(changes) == 0 {
		_, err := fmt.Fprintf(w, "%s → %s: no change to the flow\n", oldName, newName)
		return err
	}
	noun := "changes"
	if len(changes) == 1 {
		noun = "change"
	}
	fmt.Fprintf(w, "%s → %s: %d %s\n", oldName, newName, len(changes), noun)
	for _, c := range changes {
		if _, err := fmt.Fprintf(w, "%s %s\n", c.Sign(), c.Message()); err != nil {
			return err
		}
	}
	return nil
}

// jsonChange is a change as JSON shows it.
type jsonChange struct {
	Kind    string `json:"kind"`
	Subject string `json:"subject"`
	What    string `json:"what,omitempty"`
	Old     string `json:"old,omitempty"`
	New     string `json:"new,omitempty"`
	Message string `json:"message"`
	File    string `json:"file,omitempty"`
	Line    int    `json:"line,omitempty"`
	Column  int    `json:"column,omitempty"`
}

// writeJSON writes {"old", "new", "changes": [...]}.
func writeJSON(w io.Writer, oldName, newName string, changes []Change) error {
	out := struct {
		Old     string       `json:"old"`
		New     string       `json:"new"`
		Changes []jsonChange `json:"changes"`
	}{oldName, newName, []jsonChange{}}
	for _, c := range changes {
		out.Changes = append(out.Changes, jsonChange{Kind: c.Kind, Subject: c.Subject, What: c.What, Old: c.Old, New: c.New,
			Message: c.Message(), File: c.Range.File, Line: c.Range.Start.Line, Column: c.Range.Start.Column})
	}
	enc := json.NewEncoder(w)
	enc.SetEscapeHTML(false)
	enc.SetIndent("", "  ")
	return enc.Encode(out)
}
