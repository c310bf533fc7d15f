package format

import (
	"strings"

	"github.com/flowspec/flowspec/spec"
	"go.yaml.in/yaml/v3"
)

// scalar spells a string scalar canonically: plain unless YAML needs
// quotes, which the encoder decides from the value (a string that would
// read as a number, a bool, null or a date is quoted, as is one a plain
// scalar cannot hold). Block scalars (| and >) and explicitly tagged values
// keep their style. In a value, ${{ }} gets one space inside each brace.
func scalar(n *yaml.Node, value bool) {
	if n.Tag != "!!str" || n.Style&yaml.TaggedStyle != 0 {
		return
	}
	if value {
		n.Value = Template(n.Value)
	}
	if n.Style&(yaml.LiteralStyle|yaml.FoldedStyle) != 0 {
		return
	}
	n.Style = 0
	if yaml11Word(n.Value) {
		n.Style = yaml.DoubleQuotedStyle
	}
}

// spellNull writes an empty null as null where the encoder cannot leave it
// empty (a key, an anchored value, inside a flow collection or a list): it
// would write ” there, which reads back as a string.
func spellNull(n *yaml.Node, emptyOK bool) {
	if n.Kind == yaml.ScalarNode && n.Tag == "!!null" && n.Value == "" && (!emptyOK || n.Anchor != "") {
		n.Value = "null"
	}
}

// yaml11Word reports a word that YAML 1.1 readers (editors, PyYAML, older
// tools) take for a bool; flowspec reads YAML 1.2, so only the quotes keep
// both readings a string. (y and n are left plain: few readers take them
// for bools, and n is a common parameter name.)
func yaml11Word(s string) bool {
	switch strings.ToLower(s) {
	case "yes", "no", "on", "off":
		return true
	}
	return false
}

// Template writes every ${{ expr }} in s with exactly one space inside the
// braces, as fmt does. A string that is not a well-formed template stays as
// it is. Two strings with the same Template mean the same.
func Template(s string) string {
	if !spec.HasExpr(s) {
		return s
	}
	segs, err := spec.ParseTemplate(s)
	if err != nil {
		return s
	}
	var b strings.Builder
	for _, seg := range segs {
		if seg.Expr {
			b.WriteString("${{ " + strings.TrimSpace(seg.Text) + " }}")
		} else {
			b.WriteString(seg.Text)
		}
	}
	return b.String()
}
