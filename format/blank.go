package format

import (
	"bytes"
	"strings"

	"go.yaml.in/yaml/v3"
)

// The encoder drops blank lines, so they are put back afterwards: before
// the encode, each key of a block mapping and item of a block list that a
// blank line precedes (above its comments) is marked; after it, the output
// is parsed again, walked beside the tree that made it, and one blank line
// goes above each marked node's new place.

// splitLines splits src into lines without their endings.
func splitLines(src []byte) []string {
	return strings.Split(strings.ReplaceAll(string(src), "\r\n", "\n"), "\n")
}

// blankBefore marks the nodes of doc that a blank line precedes in src.
func blankBefore(doc *yaml.Node, lines []string) map[*yaml.Node]bool {
	marks := map[*yaml.Node]bool{}
	eachEntry(doc, func(n, _ *yaml.Node) {
		if start := startLine(n); start >= 2 && start-2 < len(lines) && strings.TrimSpace(lines[start-2]) == "" {
			marks[n] = true
		}
	})
	return marks
}

// eachEntry calls fn for every key of a block mapping and item of a block
// list in tree a but the first of each (a blank line above a first entry
// belongs to the comment above its parent), with the node in the same place of tree b (nil when b is
// nil or shaped differently).
func eachEntry(a *yaml.Node, fn func(a, b *yaml.Node)) { walkPair(a, nil, fn, false) }

// walkPair walks a and b together; withB says whether b is being followed.
func walkPair(a, b *yaml.Node, fn func(a, b *yaml.Node), withB bool) {
	if withB && (b == nil || b.Kind != a.Kind || len(b.Content) != len(a.Content)) {
		return
	}
	block := a.Style&yaml.FlowStyle == 0
	for i, c := range a.Content {
		var d *yaml.Node
		if withB {
			d = b.Content[i]
		}
		entry := i > 0 && (a.Kind == yaml.SequenceNode || (a.Kind == yaml.MappingNode && i%2 == 0))
		if block && entry {
			fn(c, d)
		}
		walkPair(c, d, fn, withB)
	}
}

// startLine is the line a node's text begins on, counting the comment lines
// above it.
func startLine(n *yaml.Node) int {
	if n.HeadComment == "" {
		return n.Line
	}
	return n.Line - strings.Count(n.HeadComment, "\n") - 1
}

// insertBlanks puts a blank line above the new place of each marked node of
// doc in out, the encoding of doc.
func insertBlanks(doc *yaml.Node, out []byte, marks map[*yaml.Node]bool) ([]byte, error) {
	if len(marks) == 0 {
		return out, nil
	}
	var again yaml.Node
	if err := yaml.Unmarshal(out, &again); err != nil {
		return nil, err
	}
	at := map[int]bool{}
	walkPair(doc, &again, func(a, b *yaml.Node) {
		if marks[a] && b != nil {
			at[startLine(b)] = true
		}
	}, true)
	lines := splitLines(out)
	var buf bytes.Buffer
	for i, line := range lines {
		if at[i+1] && i > 0 && strings.TrimSpace(lines[i-1]) != "" {
			buf.WriteByte('\n')
		}
		buf.WriteString(line)
		if i < len(lines)-1 {
			buf.WriteByte('\n')
		}
	}
	return buf.Bytes(), nil
}
