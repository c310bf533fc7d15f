package spec

import (
	"bytes"
	"errors"
	"io"
	"regexp"
	"strconv"
	"strings"

	"go.yaml.in/yaml/v3"
)

// parseYAML reads src into its document node. A syntax error becomes one
// positioned diagnostic; yaml.v3 reports only a line, so the column is the
// offending tab when there is one, else the line's first character.
func parseYAML(file string, src []byte) (*yaml.Node, Diagnostics) {
	dec := yaml.NewDecoder(bytes.NewReader(src))
	var doc yaml.Node
	if err := dec.Decode(&doc); err != nil {
		if errors.Is(err, io.EOF) {
			return nil, emptyFile(file)
		}
		if p, what, bad := badCharacter(src); bad {
			return nil, Diagnostics{yamlError(file, p, what, "remove it, or save the file as UTF-8 text")}
		}
		return nil, Diagnostics{syntaxError(file, src, err)}
	}
	var ds Diagnostics
	var next yaml.Node
	if err := dec.Decode(&next); err == nil {
		ds.Errorf(RangeOf(file, &next), "put each flow in its own file", "a flow file holds one YAML document, but a second one starts here")
	}
	if len(doc.Content) == 0 || isNull(doc.Content[0]) && doc.Content[0].Value == "" {
		return nil, emptyFile(file)
	}
	if n := doc.Content[0]; isNull(n) {
		ds.Errorf(RangeOf(file, n), "start from version: 1 and a tasks: mapping", "the document is null (%s), not a mapping of fields", n.Value)
		return nil, ds
	}
	return doc.Content[0], ds
}

// yamlError is a YAML syntax diagnostic at p.
func yamlError(file string, p Pos, msg, hint string) Diagnostic {
	return Diagnostic{Severity: Error, Range: Range{File: file, Start: p, End: p}, Message: "invalid YAML: " + msg, Hint: hint}
}

func emptyFile(file string) Diagnostics {
	var ds Diagnostics
	ds.Errorf(Range{File: file, Start: Pos{1, 1}, End: Pos{1, 1}}, "start from version: 1 and a tasks: mapping", "the file is empty")
	return ds
}

func isNull(n *yaml.Node) bool {
	return n.Kind == yaml.ScalarNode && n.Tag == "!!null"
}

var yamlLine = regexp.MustCompile(`^yaml: line (\d+): `)

// syntaxError turns a yaml.v3 error ("yaml: line 3: found character that
// cannot start any token") into a diagnostic with a position and a fix.
func syntaxError(file string, src []byte, err error) Diagnostic {
	msg := err.Error()
	line := 1
	if m := yamlLine.FindStringSubmatch(msg); m != nil {
		line, _ = strconv.Atoi(m[1])
		msg = msg[len(m[0]):]
		if isParserError(msg) {
			line++ // yaml.v3 counts parser (not scanner) error lines from 0
		}
	}
	msg = strings.TrimPrefix(msg, "yaml: ")
	if d, ok := locateLineless(file, src, msg); ok {
		return d
	}
	if d, ok := tabIndent(file, src, line, msg); ok {
		return d
	}
	line = min(line, max(countLines(src), 1))
	for line > 1 && strings.TrimSpace(sourceLine(src, line)) == "" {
		line-- // errors at the end of input name a line past the last text
	}
	text := sourceLine(src, line)
	col := 1 + len(text) - len(strings.TrimLeft(text, " "))
	hint := ""
	if tab := strings.IndexByte(text, '\t'); tab >= 0 && strings.Contains(msg, "cannot start any token") {
		col = 1 + len([]rune(text[:tab]))
		msg = "a tab character indents this line"
		hint = "YAML indents with spaces only: replace the tab with spaces"
	}
	if open, ok := unclosed[msg]; ok {
		if i := strings.LastIndex(text, open); i >= 0 {
			col = 1 + len([]rune(text[:i]))
			hint = "this " + open + " is not closed: add " + msg[len(msg)-2:len(msg)-1]
		}
	}
	if msg == "mapping values are not allowed in this context" {
		if i := secondColon(text); i >= 0 {
			col = 1 + len([]rune(text[:i]))
			hint = "a plain value cannot contain \": \"; quote the value (for a ${{ }} expression, wrap it in single quotes)"
		}
	}
	if col > len([]rune(text))+1 {
		col = 1
	}
	if d, ok := badIndent(file, src, line, msg); ok {
		return d
	}
	return yamlError(file, Pos{Line: line, Column: col}, msg, hint)
}

// tabIndent places yaml.v3's "found a tab character that violates
// indentation", which names the line before the tab (the last token's),
// at the first line from there indented with a tab, even one holding
// nothing else (which the blank-line rule below would skip).
func tabIndent(file string, src []byte, line int, msg string) (Diagnostic, bool) {
	if !strings.Contains(msg, "tab character") {
		return Diagnostic{}, false
	}
	for l := max(line, 1); l <= min(line+2, countLines(src)); l++ {
		text := sourceLine(src, l)
		indent := text[:len(text)-len(strings.TrimLeft(text, " \t"))]
		if tab := strings.IndexByte(indent, '\t'); tab >= 0 {
			return yamlError(file, Pos{Line: l, Column: 1 + tab}, "a tab character indents this line",
				"YAML indents with spaces only: replace the tab with spaces"), true
		}
	}
	return Diagnostic{}, false
}

// locateLineless places the errors yaml.v3 reports without a line.
func locateLineless(file string, src []byte, msg string) (Diagnostic, bool) {
	if m := unknownAnchor.FindStringSubmatch(msg); m != nil {
		if p, ok := aliasUse(src, m[1]); ok {
			return yamlError(file, p, "unknown anchor "+m[1]+": *"+m[1]+" refers to no &"+m[1],
				"define the anchor (&"+m[1]+") on a value before this alias, or write the value here"), true
		}
	}
	return Diagnostic{}, false
}

// badIndent points a "did not find expected key/-" error, which yaml.v3
// places at the start of the enclosing block, at the first line from there
// whose indentation matches no open block.
func badIndent(file string, src []byte, line int, msg string) (Diagnostic, bool) {
	if msg != "did not find expected key" && msg != "did not find expected '-' indicator" {
		return Diagnostic{}, false
	}
	at, ind, open, ok := misindented(src, line)
	if !ok {
		return Diagnostic{}, false
	}
	hint := "indent it like the lines of the block it belongs to"
	if len(open) > 0 {
		hint = "indent it by " + levelWords(open) + " spaces, like the lines of the block it belongs to"
	}
	return yamlError(file, Pos{Line: at, Column: ind + 1},
		"bad indentation: this line is indented by "+strconv.Itoa(ind)+" spaces, which matches no enclosing block", hint), true
}

// parserErrors are the yaml.v3 messages raised by its parser rather than its
// scanner; their line numbers are 0-based.
var parserErrors = []string{
	"did not find expected key", "did not find expected node content", "did not find expected '-' indicator",
	"did not find expected ',' or ']'", "did not find expected ',' or '}'", "did not find expected <document start>",
}

// unclosed maps the parser's "unclosed bracket" messages to the bracket.
var unclosed = map[string]string{
	"did not find expected ',' or ']'": "[",
	"did not find expected ',' or '}'": "{",
}

func isParserError(msg string) bool {
	for _, p := range parserErrors {
		if msg == p {
			return true
		}
	}
	return false
}

// secondColon finds the ": " (or line-ending ":") that makes a plain value
// look like a nested mapping, or -1. A comment is no part of the value, so a
// ": " inside it never takes the caret. With two colons (a: b: c) the second
// is the culprit; with one, the line continues a plain value from the line
// before (the "key" it seems to start is the mistake).
func secondColon(line string) int {
	code := strings.TrimRight(withoutComment(line), " \t")
	var at []int
	for i := 0; i < len(code); i++ {
		if code[i] == ':' && (i+1 == len(code) || code[i+1] == ' ' || code[i+1] == '\t') {
			at = append(at, i)
		}
	}
	switch len(at) {
	case 0:
		return -1
	case 1:
		return at[0]
	}
	return at[1]
}

// withoutComment cuts a YAML line at its comment: a # at the start or
// after a space, outside quotes.
func withoutComment(line string) string {
	var quote byte
	for i := 0; i < len(line); i++ {
		switch c := line[i]; {
		case quote != 0:
			if c == quote {
				quote = 0
			}
		case c == '"' || c == '\'':
			quote = c
		case c == '#' && (i == 0 || line[i-1] == ' ' || line[i-1] == '\t'):
			return line[:i]
		}
	}
	return line
}
