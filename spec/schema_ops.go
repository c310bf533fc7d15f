package spec

import (
	"bytes"
	"encoding/json"
	"fmt"
	"strings"

	"github.com/flowspec/flowspec/operator"
)

// operatorsDef is the schema definition the registry generates.
const operatorsDef = `"operators": {`

// SchemaWithOperators returns schema (the bytes of flowspec.schema.json) with
// its "operators" definition regenerated from reg: the enum of operator
// names, and each operator's doc line for editors. The registry is the one
// source of truth; a test fails when the committed schema drifts from it.
// The rest of the file is left byte for byte as written.
func SchemaWithOperators(schema []byte, reg *operator.Registry) ([]byte, error) {
	start := bytes.Index(schema, []byte(operatorsDef))
	if start < 0 {
		return nil, fmt.Errorf("the schema has no %s definition", operatorsDef)
	}
	end, err := closingBrace(schema, start+len(operatorsDef)-1)
	if err != nil {
		return nil, err
	}
	indent := lineIndent(schema, start)
	def, err := operatorsJSON(reg, indent)
	if err != nil {
		return nil, err
	}
	out := append([]byte{}, schema[:start]...)
	out = append(out, `"operators": `...)
	out = append(out, def...)
	return append(out, schema[end+1:]...), nil
}

// operatorsJSON renders the definition, indented to sit at indent.
func operatorsJSON(reg *operator.Registry, indent string) ([]byte, error) {
	var names, docs []string
	for _, op := range reg.Ops() {
		names = append(names, op.Name)
		docs = append(docs, op.Doc)
	}
	def := struct {
		Title            string   `json:"title"`
		Description      string   `json:"description"`
		Enum             []string `json:"enum"`
		EnumDescriptions []string `json:"enumDescriptions"`
	}{
		Title:            "Built-in operator",
		Description:      "Generated from the operator registry; run go test ./spec -run TestSchemaOps -update after changing it.",
		Enum:             names,
		EnumDescriptions: docs,
	}
	return json.MarshalIndent(def, indent, "  ")
}

// closingBrace returns the index of the } that closes the { at open,
// skipping braces inside JSON strings.
func closingBrace(b []byte, open int) (int, error) {
	depth, inString := 0, false
	for i := open; i < len(b); i++ {
		switch c := b[i]; {
		case inString && c == '\\':
			i++
		case c == '"':
			inString = !inString
		case inString:
		case c == '{':
			depth++
		case c == '}':
			if depth--; depth == 0 {
				return i, nil
			}
		}
	}
	return 0, fmt.Errorf("unbalanced braces after offset %d", open)
}

// lineIndent returns the spaces that start the line holding offset i.
func lineIndent(b []byte, i int) string {
	lineStart := bytes.LastIndexByte(b[:i], '\n') + 1
	line := string(b[lineStart:i])
	return line[:len(line)-len(strings.TrimLeft(line, " "))]
}
