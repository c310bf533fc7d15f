package spec

import (
	"strconv"
	"strings"
	"sync"
)

// fieldAt returns the table entry a schema location names ("#/$defs/task",
// "https://...#/properties/tasks/additionalProperties"), or nil. The
// explainer reads hints, nouns and allowed names there, so what it says
// about a field is what the table declares.
func fieldAt(loc string) *Field {
	_, frag, _ := strings.Cut(loc, "#")
	toks := splitPointer(frag)
	f := flowFields
	for i := 0; i < len(toks) && f != nil; i++ {
		switch toks[i] {
		case "$defs":
			i++
			f = definitions()[tokenAt(toks, i)]
		case "properties":
			i++
			f, _ = f.child(tokenAt(toks, i))
		case "additionalProperties":
			f = f.Values
		case "items":
			f = f.Items
		case "propertyNames":
			f = f.Keys
		case "$ref":
			f = f.Ref
		case "anyOf":
			i++
			f = f.alternative(tokenAt(toks, i))
		default:
			return nil
		}
	}
	return f
}

// tokenAt returns toks[i], or "" past the end.
func tokenAt(toks []string, i int) string {
	if i < len(toks) {
		return toks[i]
	}
	return ""
}

// alternative returns the anyOf alternative with index s, or nil.
func (f *Field) alternative(s string) *Field {
	i, err := strconv.Atoi(s)
	if err != nil || i < 0 || i >= len(f.AnyOf) {
		return nil
	}
	return f.AnyOf[i]
}

// definitions indexes the table's definitions by name.
var definitions = sync.OnceValue(func() map[string]*Field {
	out := map[string]*Field{}
	var walk func(f *Field)
	walk = func(f *Field) {
		if f == nil || f.Def != "" && out[f.Def] == f {
			return
		}
		if f.Def != "" {
			out[f.Def] = f
		}
		for _, c := range append(append([]*Field{f.Items, f.Keys, f.Values, f.Ref}, f.AnyOf...), f.Fields...) {
			walk(c)
		}
		for _, s := range f.Shared {
			walk(s.def)
		}
	}
	walk(flowFields)
	return out
})
