package spec

import (
	"strings"
	"unicode/utf8"

	"go.yaml.in/yaml/v3"
)

// standardTags are the explicit YAML tags flowspec reads: the core schema's
// scalars and collections, and !!merge, the tag of a << key (which the
// decoder reports as unsupported on its own).
var standardTags = map[string]bool{
	"!!str": true, "!!int": true, "!!float": true, "!!bool": true, "!!null": true,
	"!!map": true, "!!seq": true, "!!merge": true,
}

// checkTags reports every explicit tag flowspec does not read, such as
// !!python/object/apply or a local !foo: yaml.v3 keeps the tag on the node
// and the value would otherwise be read as if it were not there, which is
// not what the author of a tagged value meant. Tags that the parser infers
// (a plain 2024-01-01 is a !!timestamp) are not explicit and pass.
func checkTags(file string, n *yaml.Node, seen map[*yaml.Node]bool) Diagnostics {
	if n == nil || seen[n] {
		return nil // a node shared through an alias is checked once
	}
	seen[n] = true
	var ds Diagnostics
	if n.Style&yaml.TaggedStyle != 0 && n.Kind != yaml.DocumentNode && !standardTags[n.ShortTag()] {
		ds.Errorf(tagRange(file, n), "remove the tag: flowspec reads plain YAML values ("+strings.Join(standardTagList, ", ")+" are accepted)",
			"YAML tag %s is not one flowspec reads", quoted(cut(n.ShortTag(), 80)))
	}
	for _, c := range n.Content {
		ds = append(ds, checkTags(file, c, seen)...)
	}
	return ds
}

// tagRange is where n's tag is written: from the node's start, as long as
// the tag (verbatim tags are written !<...>).
func tagRange(file string, n *yaml.Node) Range {
	written := n.Tag
	if !strings.HasPrefix(written, "!") {
		written = "!<" + written + ">"
	}
	r := RangeOf(file, n)
	r.End = Pos{Line: r.Start.Line, Column: r.Start.Column + utf8.RuneCountInString(written)}
	return r
}

// standardTagList is standardTags for messages, in the core schema's order.
var standardTagList = []string{"!!str", "!!int", "!!float", "!!bool", "!!null", "!!map", "!!seq"}

// cut shortens s to at most n bytes for a message, marking the cut.
func cut(s string, n int) string {
	if len(s) <= n {
		return s
	}
	for n > 0 && !utf8.RuneStart(s[n]) {
		n--
	}
	return s[:n] + "…"
}
