package spec

import (
	"bytes"
	"encoding/json"
	"fmt"
	"math/big"
	"sync"

	"github.com/flowspec/flowspec/schemas"
	"github.com/santhosh-tekuri/jsonschema/v5"
)

// flowSchema is the compiled embedded schema and its raw JSON, built once.
type flowSchema struct {
	compiled *jsonschema.Schema
	raw      rawSchema
}

// loadFlowSchema compiles the schema on first use.
var loadFlowSchema = sync.OnceValues(compileFlowSchema)

// compileFlowSchema compiles the embedded schema, without its editor-only
// parts (loaderSchema), and keeps its raw form.
func compileFlowSchema() (*flowSchema, error) {
	schema, err := loaderSchema(schemas.Flow)
	if err != nil {
		return nil, err
	}
	c := jsonschema.NewCompiler()
	c.Draft = jsonschema.Draft2020
	if err := c.AddResource(schemas.FlowID, bytes.NewReader(schema)); err != nil {
		return nil, err
	}
	compiled, err := c.Compile(schemas.FlowID)
	if err != nil {
		return nil, err
	}
	var raw any
	if err := json.Unmarshal(schema, &raw); err != nil {
		return nil, err
	}
	return &flowSchema{compiled: compiled, raw: rawSchema{root: raw}}, nil
}

// validateSchema checks the document against schemas/flowspec.schema.json and
// words every failure for a person, at the YAML node it concerns.
func validateSchema(file string, doc jsonDoc) Diagnostics {
	fs, err := loadFlowSchema()
	if err != nil {
		var ds Diagnostics
		ds.Errorf(Range{File: file}, "this is a bug in flowspec; please report it", "internal error: the embedded schema does not compile: %v", err)
		return ds
	}
	err = fs.compiled.Validate(doc.Value)
	if err == nil {
		return nil
	}
	ve, ok := err.(*jsonschema.ValidationError)
	if !ok {
		var ds Diagnostics
		ds.Errorf(Range{File: file}, "", "cannot validate %s: %v", file, err)
		return ds
	}
	x := schemaExplainer{file: file, raw: fs.raw, doc: doc}
	x.walk(ve)
	return x.ds
}

// jsonTypeOf names a JSON value's schema type; whole numbers are "integer".
func jsonTypeOf(v any) string {
	switch v := v.(type) {
	case nil:
		return "null"
	case bool:
		return "boolean"
	case string:
		return "string"
	case []any:
		return "array"
	case map[string]any:
		return "object"
	case json.Number, float64, int, int64:
		if isIntegral(v) {
			return "integer"
		}
		return "number"
	}
	return fmt.Sprintf("%T", v)
}

// isIntegral reports whether a JSON number has no fractional part.
func isIntegral(v any) bool {
	r, ok := new(big.Rat).SetString(fmt.Sprint(v))
	return ok && r.IsInt()
}
