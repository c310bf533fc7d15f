package flowdiff

import (
	"bytes"
	"encoding/json"
	"regexp"
	"strings"
	"unicode/utf8"

	"github.com/flowspec/flowspec/format"
	"github.com/flowspec/flowspec/spec"
	"github.com/flowspec/flowspec/value"
	"go.yaml.in/yaml/v3"
)

// maxText is the most characters of a value a change shows.
const maxText = 60

// text renders a YAML value compactly for a change line: scalars as
// written, collections as JSON, strings with their ${{ }} spaced as fmt
// spaces them (so spacing alone is no change). "" for an absent value.
func text(v spec.Value) string {
	if v.IsZero() {
		return ""
	}
	return clip(render(v.Node))
}

// render writes a node as compact JSON, or a scalar as its text.
func render(n *yaml.Node) string {
	var x any
	if err := n.Decode(&x); err != nil {
		return n.Value
	}
	x = normalize(x)
	if s, ok := x.(string); ok {
		return s
	}
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(value.JSONSafe(x)); err != nil {
		return n.Value
	}
	return strings.TrimSpace(buf.String())
}

// normalize spaces the templates in every string of x and gives maps
// string keys, so equal meanings render equal.
func normalize(x any) any {
	switch x := x.(type) {
	case string:
		return format.Template(x)
	case []any:
		for i := range x {
			x[i] = normalize(x[i])
		}
	case map[string]any:
		for k := range x {
			x[k] = normalize(x[k])
		}
	}
	return x
}

// clip shortens s to maxText characters.
func clip(s string) string {
	if utf8.RuneCountInString(s) <= maxText {
		return s
	}
	return string([]rune(s)[:maxText-1]) + "…"
}

// taskRef matches a reference to a task in an expression.
var taskRef = regexp.MustCompile(`\btasks\.([A-Za-z_][A-Za-z0-9_]*)\b`)

// renameRefs rewrites the task references of s by renames (old → new name),
// so a downstream task that only follows a rename shows no change.
func renameRefs(s string, renames map[string]string) string {
	if len(renames) == 0 {
		return s
	}
	return taskRef.ReplaceAllStringFunc(s, func(m string) string {
		if to, ok := renames[m[len("tasks."):]]; ok {
			return "tasks." + to
		}
		return m
	})
}
