package spec

import "fmt"

// Pos is a 1-based line and column in a flow file, as yaml.Node reports them.
// The zero Pos means "no position known".
type Pos struct {
	Line   int `json:"line"`
	Column int `json:"column"`
}

// IsValid reports whether p names a real place in a file.
func (p Pos) IsValid() bool { return p.Line > 0 }

// Range is a span of a flow file. End may equal Start for a point. Every
// diagnostic and every compiled task carries one, so a failure anywhere (even on
// a Dask worker) can point back at the YAML that caused it.
type Range struct {
	File  string `json:"file"`
	Start Pos    `json:"start"`
	End   Pos    `json:"end"`
}

// String renders r as file:line:col, the form editors and CI annotate.
func (r Range) String() string {
	switch {
	case !r.Start.IsValid():
		return r.File
	case r.File == "":
		return fmt.Sprintf("%d:%d", r.Start.Line, r.Start.Column)
	default:
		return fmt.Sprintf("%s:%d:%d", r.File, r.Start.Line, r.Start.Column)
	}
}

// Shift returns r moved right by n columns on its start line, for positions
// inside a YAML string such as an error at a character of a ${{ }} expression.
func (r Range) Shift(n int) Range {
	r.Start.Column += n
	r.End = r.Start
	return r
}
