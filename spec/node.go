package spec

import (
	"strings"
	"unicode/utf8"

	"go.yaml.in/yaml/v3"
)

// RangeOf returns the range a YAML node covers, as far as yaml.v3 tells: its
// start, and for a one-line scalar its end on the same line.
func RangeOf(file string, n *yaml.Node) Range {
	if n == nil {
		return Range{File: file}
	}
	start := Pos{Line: n.Line, Column: n.Column}
	end := start
	if n.Kind == yaml.ScalarNode && !strings.Contains(n.Value, "\n") {
		end.Column += utf8.RuneCountInString(n.Value) + quoteWidth(n.Style)
	}
	return Range{File: file, Start: start, End: end}
}

// quoteWidth is how many columns a scalar's quotes add around its value.
func quoteWidth(s yaml.Style) int {
	if s&(yaml.DoubleQuotedStyle|yaml.SingleQuotedStyle) != 0 {
		return 2
	}
	return 0
}

// ValueOf wraps a node as an unevaluated Value.
func ValueOf(file string, n *yaml.Node) Value {
	return Value{Node: n, Range: RangeOf(file, n)}
}

// RangeAt returns the position of byte offset off inside the value's string,
// for errors that point into a ${{ }} expression. It is exact for one-line
// plain and quoted scalars (without escapes before off) and falls back to the
// value's start for block scalars, whose layout yaml.v3 does not report.
func (v Value) RangeAt(off int) Range {
	n := v.Node
	if n == nil || n.Kind != yaml.ScalarNode || off < 0 || off > len(n.Value) {
		return v.Range
	}
	if n.Style&(yaml.LiteralStyle|yaml.FoldedStyle) != 0 || strings.Contains(n.Value[:off], "\n") {
		return v.Range
	}
	col := utf8.RuneCountInString(n.Value[:off])
	if n.Style&(yaml.DoubleQuotedStyle|yaml.SingleQuotedStyle) != 0 {
		col++
	}
	return v.Range.Shift(col)
}
