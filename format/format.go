// Package format lays a flow file out canonically, for flowspec fmt: keys in
// the order the language reference lists them (the field table,
// spec.FieldTable), two-space indentation, quotes only where YAML needs
// them, one space inside ${{ }}, and every comment and blank-line group
// kept with the key it sits above. It rewrites the YAML node tree, never the
// values, so the formatted flow compiles to the same graph.
package format

import (
	"bytes"
	"errors"
	"fmt"
	"io"

	"go.yaml.in/yaml/v3"
)

// ErrDocuments is returned for a file holding more than one YAML document:
// a flow is one document, and formatting only the first would drop the rest.
var ErrDocuments = errors.New("more than one YAML document (---): a flow file holds one; split the file")

// settle bounds the passes Source makes until its output formats to itself.
const settle = 3

// Source returns src laid out canonically. A file that is not YAML returns
// the parser's error; a file with no YAML content (empty, or comments
// only) is returned as it is.
//
// The YAML parser attaches a comment to a node by where it stands, and in a
// few layouts (a comment below a key with no value) the place the encoder
// writes it makes the parser attach it elsewhere the next time; so Source
// formats its own output again until it no longer changes, and fmt of fmt
// is always a no-op.
func Source(src []byte) ([]byte, error) {
	out, err := pass(src)
	for i := 0; i < settle && err == nil; i++ {
		next, nerr := pass(out)
		if nerr != nil || bytes.Equal(next, out) {
			break
		}
		out = next
	}
	return out, err
}

// pass formats src once.
func pass(src []byte) ([]byte, error) {
	doc, err := parse(src)
	if err != nil || doc == nil {
		return src, err
	}
	if k := emptyKey(doc); k != nil {
		return nil, fmt.Errorf("line %d: a key with no text: write it as null or \"\" (fmt cannot keep an empty key)", k.Line)
	}
	blanks := blankBefore(doc, splitLines(src))
	layout(doc, nil)
	out, err := encode(doc)
	if err != nil {
		return nil, err
	}
	return insertBlanks(doc, out, blanks)
}

// parse reads the one document of src, or nil when there is none.
func parse(src []byte) (*yaml.Node, error) {
	dec := yaml.NewDecoder(bytes.NewReader(src))
	var doc yaml.Node
	if err := dec.Decode(&doc); errors.Is(err, io.EOF) {
		return nil, nil
	} else if err != nil {
		return nil, err
	}
	var next yaml.Node
	if err := dec.Decode(&next); !errors.Is(err, io.EOF) {
		if err != nil {
			return nil, err
		}
		return nil, ErrDocuments
	}
	return &doc, nil
}

// encode writes doc with two-space indentation.
func encode(doc *yaml.Node) ([]byte, error) {
	var buf bytes.Buffer
	enc := yaml.NewEncoder(&buf)
	enc.SetIndent(2)
	if err := enc.Encode(doc); err != nil {
		return nil, err
	}
	if err := enc.Close(); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}

// emptyKey returns a key of n that is null with no text (`: x`), which the
// encoder would write as ” (a string), or nil.
func emptyKey(n *yaml.Node) *yaml.Node {
	for i, c := range n.Content {
		if n.Kind == yaml.MappingNode && i%2 == 0 && c.Kind == yaml.ScalarNode && c.Tag == "!!null" && c.Value == "" {
			return c
		}
		if k := emptyKey(c); k != nil {
			return k
		}
	}
	return nil
}
