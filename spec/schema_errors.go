package spec

import (
	"fmt"
	"strconv"
	"strings"

	"github.com/santhosh-tekuri/jsonschema/v5"
	"go.yaml.in/yaml/v3"
)

// schemaExplainer turns a validator error tree into diagnostics: it flattens
// causes to their leaves, picks the one relevant branch of an anyOf, follows
// each instance pointer back to its YAML node and says what is wrong in
// words ("tasks.add.retries: expected an integer, got a string").
type schemaExplainer struct {
	file string
	raw  rawSchema
	doc  jsonDoc
	ds   Diagnostics
}

// walk reports the leaves under e. The schedule block is left to
// DecodeSchedule, which knows its forms better than a schema branch can: the
// schema's schedule section serves editors, and users get one message.
func (x *schemaExplainer) walk(e *jsonschema.ValidationError) {
	if e.InstanceLocation == "/schedule" || strings.HasPrefix(e.InstanceLocation, "/schedule/") {
		return
	}
	switch kw := lastToken(e.KeywordLocation); {
	case kw == "anyOf" || kw == "oneOf":
		x.branch(e)
	case len(e.Causes) > 0:
		for _, c := range e.Causes {
			x.walk(c)
		}
	default:
		x.leaf(e, kw)
	}
}

// branch explains a failed anyOf by the alternative the value was most
// likely meant for: one whose types admit the value and whose fields it uses
// most. When no alternative takes the value's type at all, one type error
// lists what would have been accepted, instead of one error per branch.
func (x *schemaExplainer) branch(e *jsonschema.ValidationError) {
	v := x.value(e.InstanceLocation)
	var best *jsonschema.ValidationError
	bestScore := -1
	var expected []Kind
	for _, c := range e.Causes {
		b := x.raw.obj(x.raw.at(e.AbsoluteKeywordLocation + "/" + branchIndex(e.KeywordLocation, c.KeywordLocation)))
		if !x.raw.accepts(b, v) {
			expected = append(expected, x.raw.types(b)...)
			continue
		}
		if s := x.overlap(b, v); s > bestScore {
			best, bestScore = c, s
		}
	}
	if best == nil {
		x.typeError(e.InstanceLocation, expected)
		return
	}
	x.walk(best)
}

// overlap counts the fields of object v that schema b knows.
func (x *schemaExplainer) overlap(b map[string]any, v any) int {
	obj, ok := v.(map[string]any)
	if !ok {
		return 0
	}
	n := 0
	for _, p := range x.raw.properties(b) {
		if _, has := obj[p]; has {
			n++
		}
	}
	return n
}

// leaf words one failed keyword.
func (x *schemaExplainer) leaf(e *jsonschema.ValidationError, kw string) {
	sch := x.raw.obj(x.raw.at(parentLocation(e.AbsoluteKeywordLocation)))
	switch kw {
	case "type":
		x.typeError(e.InstanceLocation, x.raw.types(sch))
	case "additionalProperties":
		x.unknownFields(e.InstanceLocation, fieldAt(parentLocation(e.AbsoluteKeywordLocation)))
	case "required":
		x.missingFields(e.InstanceLocation, fieldAt(parentLocation(e.AbsoluteKeywordLocation)))
	case "enum":
		x.enumError(e.InstanceLocation, stringList(sch, "enum"))
	case "minimum", "exclusiveMinimum":
		x.errorAt(e.InstanceLocation, "", "%s: must be at least %v, got %s", x.path(e.InstanceLocation), sch[kw], x.node(e.InstanceLocation).Value)
	case "maximum":
		why, _ := sch["maximumErrorMessage"].(string)
		x.errorAt(e.InstanceLocation, why, "%s: must be at most %s, got %s", x.path(e.InstanceLocation), numberText(sch[kw]), x.node(e.InstanceLocation).Value)
	case "pattern":
		x.patternError(e, sch)
	case "minProperties", "maxProperties", "minItems", "minLength":
		x.sizeError(e, sch, kw)
	default:
		x.errorAt(e.InstanceLocation, "", "%s: %s", x.path(e.InstanceLocation), e.Message)
	}
}

// typeError reports a value of the wrong type. A missing value (key:) points
// at its key, since an empty value has no text of its own.
func (x *schemaExplainer) typeError(ptr string, expected []Kind) {
	n := x.node(ptr)
	if ptr == "" {
		x.errorAt(ptr, "start the file with version: 1 and a tasks: mapping", "a flow file is a mapping of fields (version, tasks, ...), not %s", kindName(n))
		return
	}
	x.errorAt(ptr, "", "%s: expected %s, got %s", x.path(ptr), kindsWords(expected), kindName(n))
}

// unknownFields reports each key of the object at ptr that f, its table
// entry, does not declare, at the key, with the closest declared name (or
// the entry's own advice) as a hint.
func (x *schemaExplainer) unknownFields(ptr string, f *Field) {
	if f == nil {
		return
	}
	allowed := f.names()
	fallback := f.UnknownHint
	if fallback == "" && len(allowed) > 0 {
		fallback = "allowed here: " + strings.Join(sortedCopy(allowed), ", ")
	}
	if _, dedented := x.dedentedField(ptr, f); dedented {
		return // one error, at the dedented field (missingFields)
	}
	for _, p := range pairs(x.node(ptr)) {
		name := keyString(p.Key)
		if c, _ := f.child(name); c != nil || p.Key.Tag == "!!merge" { // resolveAliases reports merge keys
			continue
		}
		hint := fallback
		if s := didYouMeanField(name, p.Value, f); s != "" {
			hint = didYouMeanHint(s)
		} else if h := x.argumentHint(ptr, name); h != "" && p.Key.Style != aliasKeyStyle {
			hint = h
		}
		x.ds.Errorf(RangeOf(x.file, p.Key), hint, "unknown field %q %s", name, x.context(ptr))
	}
}

// missingFields reports each field f declares required that the object at
// ptr lacks, with the table's hint for adding it.
func (x *schemaExplainer) missingFields(ptr string, f *Field) {
	if f == nil {
		return
	}
	obj, _ := x.value(ptr).(map[string]any)
	for _, c := range f.Fields {
		if _, ok := obj[c.Name]; ok || !c.Required {
			continue
		}
		at := x.lookup(ptr).Key // the task's name, not its first field
		if at == nil {
			at = x.node(ptr)
		}
		hint := c.RequiredHint
		if h, dedented := x.dedentedField(ptr, f); dedented {
			hint = h
		}
		x.ds.Errorf(RangeOf(x.file, at), hint, "missing required field %q %s", c.Name, x.context(ptr))
	}
}

// enumError reports a value outside a fixed set, suggesting the closest.
func (x *schemaExplainer) enumError(ptr string, allowed []string) {
	n := x.node(ptr)
	hint := suggestHint(n.Value, allowed, "use one of: "+strings.Join(allowed, ", "))
	x.errorAt(ptr, hint, "%s: unknown value %q", x.path(ptr), n.Value)
}

// patternError reports a string of the wrong shape; for a key (via
// propertyNames) it points at the key.
func (x *schemaExplainer) patternError(e *jsonschema.ValidationError, sch map[string]any) {
	why, _ := sch["patternErrorMessage"].(string)
	if why == "" {
		why = "it must match " + fmt.Sprint(sch["pattern"])
	}
	if strings.Contains(e.KeywordLocation, "/propertyNames/") {
		loc := x.lookup(e.InstanceLocation)
		if loc.Key != nil {
			x.ds.Errorf(RangeOf(x.file, loc.Key), why, "invalid name %q %s", loc.Key.Value, x.context(parentPointer(e.InstanceLocation)))
		}
		return
	}
	x.errorAt(e.InstanceLocation, why, "%s: invalid value %q", x.path(e.InstanceLocation), x.node(e.InstanceLocation).Value)
}

// sizeError reports an empty (or overfull) list, mapping or string, using the
// schema's errorMessage when it has one.
func (x *schemaExplainer) sizeError(e *jsonschema.ValidationError, sch map[string]any, kw string) {
	if msg, ok := sch["errorMessage"].(string); ok {
		x.errorAt(e.InstanceLocation, "", "%s: %s", x.path(e.InstanceLocation), msg)
		return
	}
	what := "must not be empty"
	if kw == "maxProperties" {
		what = fmt.Sprintf("may have at most %v entries", sch[kw])
	}
	x.errorAt(e.InstanceLocation, "", "%s: %s", x.path(e.InstanceLocation), what)
}

// errorAt records an error at the node ptr names; a null value points at its
// key, which is where the reader's eye is.
func (x *schemaExplainer) errorAt(ptr, hint, format string, args ...any) {
	loc := x.lookup(ptr)
	n := loc.Value
	if isNull(n) && loc.Key != nil {
		n = loc.Key
	}
	x.ds.Errorf(RangeOf(x.file, n), hint, format, args...)
}

// node returns the YAML node at ptr (never nil).
func (x *schemaExplainer) node(ptr string) *yaml.Node {
	return x.lookup(ptr).Value
}

// lookup returns the nodes at ptr, or at its nearest indexed ancestor: a
// diagnostic always lands somewhere in the file.
func (x *schemaExplainer) lookup(ptr string) located {
	for {
		if loc, ok := x.doc.Index[ptr]; ok && loc.Value != nil {
			return loc
		}
		if ptr == "" {
			return located{Value: &yaml.Node{Line: 1, Column: 1}}
		}
		ptr = parentPointer(ptr)
	}
}

// value returns the JSON value at ptr.
func (x *schemaExplainer) value(ptr string) any {
	cur := x.doc.Value
	for _, tok := range splitPointer(ptr) {
		switch c := cur.(type) {
		case map[string]any:
			cur = c[tok]
		case []any:
			i, _ := strconv.Atoi(tok)
			if i < 0 || i >= len(c) {
				return nil
			}
			cur = c[i]
		default:
			return nil
		}
	}
	return cur
}

// path renders a JSON pointer the way a flow author reads it: tasks.add.retries,
// after[1].
func (x *schemaExplainer) path(ptr string) string {
	var b strings.Builder
	prefix := ""
	for _, tok := range splitPointer(ptr) {
		if _, isList := x.value(prefix).([]any); isList {
			b.WriteString("[" + tok + "]")
		} else {
			if b.Len() > 0 {
				b.WriteByte('.')
			}
			b.WriteString(tok)
		}
		prefix += "/" + escapePointer(tok)
	}
	return b.String()
}

// context names the object at ptr for "unknown field ... in task \"add\"".
func (x *schemaExplainer) context(ptr string) string {
	toks := splitPointer(ptr)
	if len(toks) == 0 {
		return "at the top level"
	}
	if f, _ := flowFields.child(toks[0]); len(toks) == 2 && f != nil && f.Noun != "" {
		return fmt.Sprintf("in %s %q", f.Noun, toks[1])
	}
	return "in " + x.path(ptr)
}

// lastToken returns a pointer's last token.
func lastToken(ptr string) string {
	return ptr[strings.LastIndexByte(ptr, '/')+1:]
}

// parentLocation strips the last token of a keyword location.
func parentLocation(loc string) string {
	if i := strings.LastIndexByte(loc, '/'); i >= 0 {
		return loc[:i]
	}
	return loc
}

// parentPointer strips the last token of an instance pointer.
func parentPointer(ptr string) string {
	if i := strings.LastIndexByte(ptr, '/'); i >= 0 {
		return ptr[:i]
	}
	return ""
}

// branchIndex returns which alternative of the anyOf at parent a cause's
// keyword location is under.
func branchIndex(parent, cause string) string {
	rest := strings.TrimPrefix(strings.TrimPrefix(cause, parent), "/")
	if i := strings.IndexByte(rest, '/'); i >= 0 {
		rest = rest[:i]
	}
	return rest
}

// numberText writes a schema's limit as people write it: 31536000, not
// 3.1536e+07.
func numberText(v any) string {
	if f, ok := v.(float64); ok {
		return strconv.FormatFloat(f, 'f', -1, 64)
	}
	return fmt.Sprint(v)
}
