package spec

import "go.yaml.in/yaml/v3"

// Field declares one field of the flow format, once: its name, what kinds of
// value it takes, its help text, its default, its limits and how it decodes
// into the typed Flow. The JSON schema (GenerateSchema), the decoder, the
// schema-error explainer and the field reference (FieldReference) all read
// these declarations, so a new field is one entry in a table (fields_*.go).
//
// A Field with Fields is a mapping whose children are fields in turn; one
// with Def set is a definition that other fields point at with Ref (a
// $defs entry of the schema). Fields are built with the constructors below
// and their chained setters, and are not changed after package init.
type Field struct {
	Name    string
	Title   string
	Doc     string
	Default string // the default as the reference shows it; "" when none
	Kinds   []Kind // the kinds of value accepted; nil means any value
	Enum    []string
	Const   any      // the one value accepted (version: 1); nil when any
	Min     *float64 // the least number accepted
	Max     *float64 // the most a number may be (nil: no limit)
	// MaxWhy says why Max is the limit; errors show it as the fix.
	MaxWhy  string
	MinLen  int    // the least length of a string (0: no limit)
	MinSize int    // the least entries of a mapping or items of a list
	MaxSize int    // the most entries of a mapping (0: no limit)
	Pattern string // a regular expression a string must match
	// PatternWhy and SizeWhy say in words what Pattern and MinSize/MaxSize
	// ask for; the explainer shows them instead of the raw limit.
	PatternWhy string
	SizeWhy    string
	Items      *Field // the elements of a list
	Keys       *Field // what the keys of a mapping must be (a definition)
	Values     *Field // the values of a mapping with free keys
	Ref        *Field // the definition that describes this value
	AnyOf      []*Field
	Fields     []*Field   // the named children of a mapping
	Shared     []*sharing // children declared by another definition
	Closed     bool       // a mapping allows only its named children
	Required   bool       // the parent mapping must have this field
	NeedsOne   []string   // a mapping must have at least one of these
	// Def names a definition: the field is written once under the schema's
	// $defs and used through Ref.
	Def string
	// Noun names an entry of this mapping in messages ("task" for the
	// entries of tasks:, so errors say `in task "add"`).
	Noun string
	// RequiredHint tells how to add the field when it is missing;
	// UnknownHint replaces the list of allowed names after an unknown one.
	RequiredHint string
	UnknownHint  string
	// EnumDocs documents each Enum value for editors (the operators).
	EnumDocs []string
	decode   decodeFunc
	// inherit copies the field from src to dst (both what the field's
	// parent decodes into) when dst leaves it unset: how defaults: reach a
	// task (see option).
	inherit func(dst, src any)
}

// decodeFunc reads a field's YAML value into the typed struct into points at
// (a *Flow, *Task, *Options, ...). Values of the wrong kind were reported by
// the schema and are skipped; what the schema cannot see is reported to d.
type decodeFunc func(d *decoder, n *yaml.Node, into any)

// sharing makes the fields of def children of another mapping too: the
// schema lists them by $ref and the decoder decodes them into via(into).
type sharing struct {
	def *Field
	via func(into any) any
}

// newField starts a field of the given kinds.
func newField(name, title, doc string, kinds ...Kind) *Field {
	return &Field{Name: name, Title: title, Doc: doc, Kinds: kinds}
}

// Text declares a string field.
func Text(name, title, doc string) *Field { return newField(name, title, doc, KindString) }

// Integer declares a whole-number field.
func Integer(name, title, doc string) *Field { return newField(name, title, doc, KindInt) }

// Number declares a numeric field.
func Number(name, title, doc string) *Field { return newField(name, title, doc, KindNumber) }

// Boolean declares a true/false field.
func Boolean(name, title, doc string) *Field { return newField(name, title, doc, KindBool) }

// Mapping declares a mapping field with named children.
func Mapping(name, title, doc string, children ...*Field) *Field {
	f := newField(name, title, doc, KindMapping)
	f.Fields = children
	return f
}

// AnyValue declares a field that takes any value (an argument, a default).
func AnyValue(name, title, doc string) *Field { return newField(name, title, doc) }

// Of declares a field whose value a definition describes.
func Of(name, title, doc string, def *Field) *Field {
	f := newField(name, title, doc)
	f.Ref = def
	return f
}

// Definition declares a shared definition: a value described once and used
// by several fields through Of or Ref.
func Definition(def, title, doc string, kinds ...Kind) *Field {
	f := newField("", title, doc, kinds...)
	f.Def = def
	return f
}

// With sets a mapping's named children.
func (f *Field) With(children ...*Field) *Field { f.Fields = children; return f }

// OfKinds widens or narrows the kinds a field accepts.
func (f *Field) OfKinds(kinds ...Kind) *Field { f.Kinds = kinds; return f }

// OneOf restricts a field to a fixed set of words.
func (f *Field) OneOf(values ...string) *Field { f.Enum = values; return f }

// Exactly restricts a field to one value.
func (f *Field) Exactly(v any) *Field { f.Const = v; return f }

// AtLeast sets the least number a field accepts.
func (f *Field) AtLeast(min float64) *Field { f.Min = &min; return f }

// AtMost sets the most a number may be; why says the reason for the limit
// and how to live with it, and is shown with every error against it.
func (f *Field) AtMost(max float64, why string) *Field {
	f.Max, f.MaxWhy = &max, why
	return f
}

// NotEmpty asks a string for at least one character.
func (f *Field) NotEmpty() *Field { f.MinLen = 1; return f }

// Sized bounds the entries of a mapping or list; why words the limit.
func (f *Field) Sized(min, max int, why string) *Field {
	f.MinSize, f.MaxSize, f.SizeWhy = min, max, why
	return f
}

// Matching asks a string to match pattern; why words it for people.
func (f *Field) Matching(pattern, why string) *Field {
	f.Pattern, f.PatternWhy = pattern, why
	return f
}

// ListOf says what the elements of a list are.
func (f *Field) ListOf(items *Field) *Field { f.Items = items; return f }

// KeysAre says what the keys of a mapping must be.
func (f *Field) KeysAre(def *Field) *Field { f.Keys = def; return f }

// ValuesAre makes a mapping's keys free and says what its values are.
func (f *Field) ValuesAre(values *Field) *Field { f.Values = values; return f }

// Either accepts a value any of the alternatives accepts.
func (f *Field) Either(alternatives ...*Field) *Field { f.AnyOf = alternatives; return f }

// Strict makes a mapping reject names it does not declare.
func (f *Field) Strict() *Field { f.Closed = true; return f }

// Need makes the field required in its parent; hint tells how to add it.
func (f *Field) Need(hint string) *Field { f.Required, f.RequiredHint = true, hint; return f }

// NeedOneOf asks a mapping for at least one of names.
func (f *Field) NeedOneOf(names ...string) *Field { f.NeedsOne = names; return f }

// Share adds def's fields to a mapping; via finds, in the value this
// mapping decodes into, the value def's fields decode into.
func (f *Field) Share(def *Field, via func(into any) any) *Field {
	f.Shared = append(f.Shared, &sharing{def: def, via: via})
	return f
}

// WithDefault records the default for the reference.
func (f *Field) WithDefault(v string) *Field { f.Default = v; return f }

// Entries names one entry of the mapping in messages ("task").
func (f *Field) Entries(noun string) *Field { f.Noun = noun; return f }

// OnUnknown replaces the list of allowed names after an unknown field.
func (f *Field) OnUnknown(hint string) *Field { f.UnknownHint = hint; return f }

// Decodes sets how the field's value is read into the typed struct.
func (f *Field) Decodes(fn decodeFunc) *Field { f.decode = fn; return f }

// child returns the named child of a mapping, with the function that finds
// what it decodes into (nil: the mapping's own value), or nil.
func (f *Field) child(name string) (*Field, func(any) any) {
	for _, c := range f.Fields {
		if c.Name == name {
			return c, nil
		}
	}
	for _, s := range f.Shared {
		if c, _ := s.def.child(name); c != nil {
			return c, s.via
		}
	}
	return nil, nil
}

// names lists a mapping's children, its own first, then shared ones.
func (f *Field) names() []string {
	var out []string
	for _, c := range f.Fields {
		out = append(out, c.Name)
	}
	for _, s := range f.Shared {
		out = append(out, s.def.names()...)
	}
	return out
}

// decodeMapping reads each known child of mapping n into into. Unknown names
// were reported by the schema (or by the caller) and are skipped.
func (f *Field) decodeMapping(d *decoder, n *yaml.Node, into any) {
	for _, p := range pairs(n) {
		c, via := f.child(p.Key.Value)
		if c == nil || c.decode == nil {
			continue
		}
		target := into
		if via != nil {
			target = via(into)
		}
		c.decode(d, p.Value, target)
	}
}
