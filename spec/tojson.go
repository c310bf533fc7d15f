package spec

import (
	"encoding/json"
	"math"
	"net/url"
	"strconv"
	"strings"

	"go.yaml.in/yaml/v3"
)

// located is where a JSON pointer leads in the YAML tree: the value and, for a
// mapping entry, its key (errors about a name point at the key).
type located struct {
	Key, Value *yaml.Node
}

// jsonDoc is a YAML tree as the JSON values the schema validator reads, with
// an index from each JSON pointer back to its nodes.
type jsonDoc struct {
	Value any
	Index map[string]located
}

// toJSON converts an alias-free tree (see resolveAliases). Scalars follow
// their resolved YAML tag, so `retries: "3"` stays a string and the schema can
// say so; numbers become json.Number to keep big integers exact.
func toJSON(root *yaml.Node) jsonDoc {
	d := jsonDoc{Index: map[string]located{}}
	d.Value = d.convert(root, nil, "")
	return d
}

func (d *jsonDoc) convert(n, key *yaml.Node, ptr string) any {
	if _, taken := d.Index[ptr]; !taken {
		d.Index[ptr] = located{Key: key, Value: n}
	}
	switch n.Kind {
	case yaml.MappingNode:
		m := map[string]any{}
		for _, p := range pairs(n) {
			name := keyString(p.Key)
			m[name] = d.convert(p.Value, p.Key, childPointer(ptr, name))
		}
		return m
	case yaml.SequenceNode:
		l := make([]any, len(n.Content))
		for i, c := range n.Content {
			l[i] = d.convert(c, nil, ptr+"/"+strconv.Itoa(i))
		}
		return l
	case yaml.ScalarNode:
		return scalarJSON(n)
	}
	return nil
}

// scalarJSON converts one scalar by its YAML tag. Values the tag promises but
// the text does not hold (!!int x), and infinities, stay strings.
func scalarJSON(n *yaml.Node) any {
	switch n.ShortTag() {
	case "!!null":
		return nil
	case "!!bool":
		var b bool
		if n.Decode(&b) == nil {
			return b
		}
	case "!!int":
		var i int64
		if n.Decode(&i) == nil {
			return json.Number(strconv.FormatInt(i, 10))
		}
	case "!!float":
		var f float64
		if n.Decode(&f) == nil && !math.IsInf(f, 0) && !math.IsNaN(f) {
			return json.Number(strconv.FormatFloat(f, 'g', -1, 64))
		}
	}
	return n.Value
}

// childPointer extends ptr by a key the way the validator does, which adds
// nothing for an empty key.
func childPointer(ptr, name string) string {
	if name == "" {
		return ptr
	}
	return ptr + "/" + escapePointer(name)
}

// escapePointer escapes a key as one JSON-pointer token (RFC 6901), then as
// a URL path segment, exactly as the validator writes instance locations.
func escapePointer(s string) string {
	return url.PathEscape(pointerEscaper.Replace(s))
}

// unescapePointer undoes escapePointer.
func unescapePointer(s string) string {
	if u, err := url.PathUnescape(s); err == nil {
		s = u
	}
	return pointerUnescaper.Replace(s)
}

var (
	pointerEscaper   = strings.NewReplacer("~", "~0", "/", "~1")
	pointerUnescaper = strings.NewReplacer("~1", "/", "~0", "~")
)

// splitPointer splits a JSON pointer into its unescaped tokens.
func splitPointer(p string) []string {
	if p == "" {
		return nil
	}
	toks := strings.Split(strings.TrimPrefix(p, "/"), "/")
	for i, t := range toks {
		toks[i] = unescapePointer(t)
	}
	return toks
}
