package spec

import "strings"

// Segment is one piece of a string value: literal text or the source of a
// ${{ }} expression. Offset is the byte offset of Text within the string, so
// errors inside an expression can point at the right column.
type Segment struct {
	Expr   bool
	Text   string
	Offset int
}

// TemplateError is a malformed ${{ }} in a string, at byte Offset.
type TemplateError struct {
	Offset int
	Msg    string
}

func (e *TemplateError) Error() string { return e.Msg }

const (
	openDelim  = "${{"
	closeDelim = "}}"
)

// HasExpr reports whether s contains a ${{ }} expression at all; strings that
// do not are literals and cost nothing more.
func HasExpr(s string) bool { return strings.Contains(s, openDelim) }

// ParseTemplate splits s into literal and expression segments. A string that is
// exactly one expression (surrounding spaces allowed) yields one Expr segment:
// the compiler gives such a value the expression's own type.
func ParseTemplate(s string) ([]Segment, error) {
	var segs []Segment
	pos := 0
	for pos < len(s) {
		open := strings.Index(s[pos:], openDelim)
		if open < 0 {
			segs = append(segs, Segment{Text: s[pos:], Offset: pos})
			break
		}
		open += pos
		if open > pos {
			segs = append(segs, Segment{Text: s[pos:open], Offset: pos})
		}
		body := open + len(openDelim)
		end := strings.Index(s[body:], closeDelim)
		if end < 0 {
			return nil, &TemplateError{Offset: open, Msg: "unterminated ${{: close the expression with }}"}
		}
		end += body
		src := s[body:end]
		if strings.TrimSpace(src) == "" {
			return nil, &TemplateError{Offset: open, Msg: "empty expression ${{ }}: write an expression inside, e.g. ${{ params.n }}"}
		}
		segs = append(segs, Segment{Expr: true, Text: src, Offset: body})
		pos = end + len(closeDelim)
	}
	return trimSoleExpr(segs), nil
}

// trimSoleExpr drops whitespace-only literals around a lone expression, so
// "  ${{ x }} " is typed like "${{ x }}".
func trimSoleExpr(segs []Segment) []Segment {
	var exprs, other int
	var sole Segment
	for _, s := range segs {
		switch {
		case s.Expr:
			exprs++
			sole = s
		case strings.TrimSpace(s.Text) != "":
			other++
		}
	}
	if exprs == 1 && other == 0 {
		return []Segment{sole}
	}
	return segs
}
