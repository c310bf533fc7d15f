// Package flowdiff says what a change to a flow file does to the flow, for a
// reviewer: tasks added, removed or renamed, operators and arguments
// changed, fan-out sizes, dependencies and options of the compiled graph,
// params, outputs and the schedule's next fire times. It compares meaning,
// not text: a reordered or reformatted file has no changes.
package flowdiff

import (
	"strings"

	"github.com/flowspec/flowspec/spec"
)

// Kinds of change.
const (
	Added   = "added"
	Removed = "removed"
	Renamed = "renamed"
	Changed = "changed"
)

// Change is one difference between two versions of a flow.
type Change struct {
	Kind    string // Added, Removed, Renamed or Changed
	Subject string // what changed: "task inc", "param n", "output total", "schedule", "flow"
	What    string // the aspect of a Changed subject: "operator", "argument x", "elements"…
	Old     string // the value before, as a reviewer reads it ("" when none)
	New     string // the value after
	// Range is where the change is: in the new file, or for a removal, in
	// the old one (Removed reports it with the old file's name).
	Range spec.Range
}

// Message words c in one line: `task inc: elements 100 → 1000`, `task
// report added (op format)`, `task a renamed to b`.
func (c Change) Message() string {
	switch c.Kind {
	case Added:
		return c.Subject + " added" + paren(c.New)
	case Removed:
		return c.Subject + " removed" + paren(c.Old)
	case Renamed:
		return c.Subject + " renamed to " + c.New
	}
	switch c.What {
	case "elements":
		if isCount(c.Old) && isCount(c.New) {
			return c.Subject + ": " + c.Old + " → " + countText(c.New)
		}
		return c.Subject + ": " + countText(c.Old) + " → " + countText(c.New)
	case "depends on":
		if c.New != "" {
			return c.Subject + ": now depends on " + c.New
		}
		return c.Subject + ": no longer depends on " + c.Old
	}
	var b strings.Builder
	b.WriteString(c.Subject + ": " + c.What)
	switch {
	case c.Old == "":
		b.WriteString(" set to " + c.New)
	case c.New == "":
		b.WriteString(" removed (was " + c.Old + ")")
	default:
		b.WriteString(" " + c.Old + " → " + c.New)
	}
	return b.String()
}

// Sign is the one-character mark of c's kind in text output.
func (c Change) Sign() string {
	switch c.Kind {
	case Added:
		return "+"
	case Removed:
		return "-"
	}
	return "~"
}

func paren(s string) string {
	if s == "" {
		return ""
	}
	return " (" + s + ")"
}

// countText words an element count: "1000 elements", "1 element", or a
// word ("not mapped") as it is.
func countText(s string) string {
	switch {
	case s == "1":
		return "1 element"
	case isCount(s):
		return s + " elements"
	}
	return s
}

// isCount reports an element count, not a word.
func isCount(s string) bool { return s != "" && s[0] >= '0' && s[0] <= '9' }
