package spec

import (
	"fmt"
	"strings"
)

// FieldReference renders the field table as a markdown reference: one
// section per mapping of the format (the top level, a task, the options,
// each executor, the schedule's clocks and policies), a row per field with
// its kinds, default and doc line. docs/fields.md is this output.
func FieldReference() string {
	var b strings.Builder
	b.WriteString("# Flow file fields\n\nGenerated from the field table in spec/fields_*.go; do not edit.\n")
	seen := map[*Field]bool{}
	var section func(heading string, f *Field)
	section = func(heading string, f *Field) {
		if seen[f] {
			return
		}
		seen[f] = true
		if names := f.names(); len(names) > 0 {
			fmt.Fprintf(&b, "\n## %s\n\n%s\n\n| field | kind | default | description |\n|---|---|---|---|\n", heading, f.Doc)
			for _, name := range names {
				c, _ := f.child(name)
				fmt.Fprintf(&b, "| `%s` | %s | %s | %s |\n", name, kindOfField(c), c.Default, docOfField(c))
			}
		}
		for _, c := range f.nested() {
			section(headingOf(c), c)
		}
	}
	section("Top level", flowFields)
	return b.String()
}

// nested lists the mappings a field leads to, for their own sections.
func (f *Field) nested() []*Field {
	var out []*Field
	for _, c := range append(append([]*Field{f.Items, f.Values, f.Ref}, f.AnyOf...), f.Fields...) {
		if c != nil {
			out = append(out, c)
		}
	}
	return out
}

// headingOf names a mapping's section.
func headingOf(f *Field) string {
	if f.Title != "" {
		return f.Title
	}
	return f.Name
}

// kindOfField words what a field takes, following its definition.
func kindOfField(f *Field) string {
	switch {
	case f.Enum != nil:
		return "one of " + strings.Join(f.Enum, ", ")
	case f.Kinds != nil:
		return kindsWords(f.Kinds)
	case f.Ref != nil:
		return kindOfField(f.Ref)
	}
	return "any value"
}

// docOfField is a field's doc line, or its definition's.
func docOfField(f *Field) string {
	doc := f.Doc
	if doc == "" && f.Ref != nil {
		doc = f.Ref.Doc
	}
	if f.Max != nil {
		doc += fmt.Sprintf(" At most %v: %s.", *f.Max, f.MaxWhy)
	}
	return strings.ReplaceAll(doc, "|", `\|`)
}
