package spec

// FieldTable returns the root of the field table: the top level of a flow
// file. Tools that walk a flow's YAML by the table (flowspec fmt takes its
// key order from it) start here and follow Child, Ref, AnyOf, Values and
// Items down.
func FieldTable() *Field { return flowFields }

// Child returns the named child of a mapping field, declared by the field
// itself or shared from a definition, or nil.
func (f *Field) Child(name string) *Field {
	c, _ := f.child(name)
	return c
}

// Names lists a mapping field's children in the table's order: its own
// first, then the shared ones. That order is the language reference's.
func (f *Field) Names() []string { return f.names() }
