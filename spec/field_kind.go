package spec

import (
	"strings"

	"go.yaml.in/yaml/v3"
)

// Kind is a kind of value a field accepts, named as the JSON schema names
// it. Its Noun is the one wording every message uses for it, so the schema
// explainer, the decoders and the schedule block all say "expected a list,
// got a number" alike.
type Kind string

// Kinds of value.
const (
	KindMapping Kind = "object"
	KindList    Kind = "array"
	KindString  Kind = "string"
	KindInt     Kind = "integer"
	KindNumber  Kind = "number"
	KindBool    Kind = "boolean"
	KindNull    Kind = "null"
)

// Noun words the kind for a person: "a mapping", "an integer".
func (k Kind) Noun() string {
	switch k {
	case KindMapping:
		return "a mapping"
	case KindList:
		return "a list"
	case KindString:
		return "a string"
	case KindInt:
		return "an integer"
	case KindNumber:
		return "a number"
	case KindBool:
		return "a boolean"
	case KindNull:
		return "nothing (null)"
	}
	return ""
}

// kindsWords renders kinds as "an integer or a string"; schema types that
// are not a Kind are left out.
func kindsWords(kinds []Kind) string {
	seen := map[string]bool{}
	var words []string
	for _, k := range kinds {
		w := k.Noun()
		if k == KindNull {
			w = "nothing" // "expected a string or nothing"
		}
		if w == "" || seen[w] {
			continue
		}
		seen[w] = true
		words = append(words, w)
	}
	switch len(words) {
	case 0:
		return "another kind of value"
	case 1:
		return words[0]
	}
	return strings.Join(words[:len(words)-1], ", ") + " or " + words[len(words)-1]
}

// kindName says what a YAML node is, in the same words: "a list", "an
// integer". A scalar whose text its tag cannot hold says so, rather than
// "expected an integer, got an integer".
func kindName(n *yaml.Node) string {
	switch n.Kind {
	case yaml.SequenceNode:
		return KindList.Noun()
	case yaml.MappingNode:
		return KindMapping.Noun()
	case yaml.ScalarNode:
		return scalarKindName(n)
	}
	return "a value"
}

// scalarKindName names a scalar by its resolved tag.
func scalarKindName(n *yaml.Node) string {
	switch n.ShortTag() {
	case "!!int":
		if _, unread := scalarJSON(n).(string); unread && isIntegral(n.Value) {
			return "an integer out of range (" + n.Value + ")"
		} else if unread {
			return "text that is not a valid integer (" + n.Value + ")"
		}
		return KindInt.Noun()
	case "!!float":
		var f float64
		if _, unread := scalarJSON(n).(string); unread && n.Decode(&f) == nil {
			return "a number that is not finite (" + n.Value + ")"
		} else if unread {
			return "text that is not a valid number (" + n.Value + ")"
		}
		return KindNumber.Noun()
	case "!!bool":
		return KindBool.Noun()
	case "!!null":
		return KindNull.Noun()
	}
	return KindString.Noun()
}

// quoted writes s in double quotes, as every message quotes a name.
func quoted(s string) string { return `"` + s + `"` }
