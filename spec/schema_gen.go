package spec

import (
	"bytes"
	"encoding/json"
	"slices"

	"github.com/flowspec/flowspec/operator"
	"github.com/flowspec/flowspec/schemas"
)

// GenerateSchema renders schemas/flowspec.schema.json from the field table
// (flowFields and the definitions it reaches) and the operator registry (the
// enum of operator names with each one's doc line, for editors). The table
// and the registry are the one source of truth; a test fails when the
// committed schema drifts from what this returns.
func GenerateSchema(reg *operator.Registry) ([]byte, error) {
	g := &schemaGen{reg: reg}
	root := jsonObject{
		{"$schema", "https://json-schema.org/draft/2020-12/schema"},
		{"$id", schemas.FlowID},
	}
	root = append(root, g.body(flowFields)...)
	var defs jsonObject
	for i := 0; i < len(g.defs); i++ { // rendering a definition may add more
		defs = append(defs, jsonMember{g.defs[i].Def, g.body(g.defs[i])})
	}
	defs = append(defs, jsonMember{operatorsDef.Def, g.operators()}, jsonMember{operatorCallsDef, g.operatorCalls()})
	root = append(root, jsonMember{"$defs", defs})
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	enc.SetIndent("", "  ")
	if err := enc.Encode(root); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}

// schemaGen renders fields as JSON schema, collecting the definitions they
// use so each is written once under $defs.
type schemaGen struct {
	reg  *operator.Registry
	defs []*Field
}

// use renders a field where it is used: a $ref to a definition, or inline.
func (g *schemaGen) use(f *Field) jsonObject {
	if f.Def == "" {
		return g.body(f)
	}
	if f != operatorsDef && !slices.Contains(g.defs, f) {
		g.defs = append(g.defs, f)
	}
	return jsonObject{{"$ref", "#/$defs/" + f.Def}}
}

// body renders what a field says about its value.
func (g *schemaGen) body(f *Field) jsonObject {
	var o jsonObject
	o.addString("title", f.Title)
	o.addString("description", f.Doc)
	switch len(f.Kinds) {
	case 0:
	case 1:
		o.add("type", f.Kinds[0])
	default:
		o.add("type", f.Kinds)
	}
	if f.Enum != nil {
		o.add("enum", f.Enum)
	}
	if f.Const != nil {
		o.add("const", f.Const)
	}
	if f.Min != nil {
		o.add("minimum", *f.Min)
	}
	if f.Max != nil {
		o.add("maximum", *f.Max)
		o.addString("maximumErrorMessage", f.MaxWhy)
	}
	if f.MinLen > 0 {
		o.add("minLength", f.MinLen)
	}
	g.limits(&o, f)
	if f.Ref != nil {
		o = append(o, g.use(f.Ref)...)
	}
	g.alternatives(&o, f)
	if f.Items != nil {
		o.add("items", g.use(f.Items))
	}
	if f.Keys != nil {
		o.add("propertyNames", g.use(f.Keys))
	}
	g.children(&o, f)
	if f == taskDef {
		o.add("allOf", []jsonObject{{{"$ref", "#/$defs/" + operatorCallsDef}}})
	}
	return o
}

// limits renders sizes and patterns with the words that explain them.
func (g *schemaGen) limits(o *jsonObject, f *Field) {
	isMapping := slices.Contains(f.Kinds, KindMapping)
	switch {
	case f.MinSize > 0 && isMapping:
		o.add("minProperties", f.MinSize)
	case f.MinSize > 0:
		o.add("minItems", f.MinSize)
	}
	if f.MaxSize > 0 {
		o.add("maxProperties", f.MaxSize)
	}
	o.addString("errorMessage", f.SizeWhy)
	o.addString("pattern", f.Pattern)
	o.addString("patternErrorMessage", f.PatternWhy)
}

// alternatives renders anyOf: alternative values, or the names of which a
// mapping needs at least one.
func (g *schemaGen) alternatives(o *jsonObject, f *Field) {
	var any []jsonObject
	for _, a := range f.AnyOf {
		any = append(any, g.use(a))
	}
	for _, name := range f.NeedsOne {
		any = append(any, jsonObject{{"required", []string{name}}})
	}
	if any != nil {
		o.add("anyOf", any)
	}
}

// children renders a mapping's named fields: required ones, whether others
// are allowed, and each field, shared ones by reference.
func (g *schemaGen) children(o *jsonObject, f *Field) {
	var required []string
	for _, c := range f.Fields {
		if c.Required {
			required = append(required, c.Name)
		}
	}
	if required != nil {
		o.add("required", required)
	}
	switch {
	case f.Closed:
		o.add("additionalProperties", false)
	case f.Values != nil:
		o.add("additionalProperties", g.use(f.Values))
	}
	var props jsonObject
	for _, c := range f.Fields {
		props.add(c.Name, g.body(c))
	}
	for _, s := range f.Shared {
		g.use(s.def)
		for _, name := range s.def.names() {
			props.add(name, jsonObject{{"$ref", "#/$defs/" + s.def.Def + "/properties/" + name}})
		}
	}
	if props != nil {
		o.add("properties", props)
	}
}

// operators renders the operator enum from the registry.
func (g *schemaGen) operators() jsonObject {
	names, docs := []string{}, []string{}
	for _, op := range g.reg.Ops() {
		names = append(names, op.Name)
		docs = append(docs, op.Doc)
	}
	o := g.body(operatorsDef)
	o.add("enum", names)
	o.add("enumDescriptions", docs)
	return o
}
