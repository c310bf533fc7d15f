package spec

import (
	"bytes"
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"os"
	"strings"
	"testing"

	"github.com/flowspec/flowspec/builtins"
	"github.com/flowspec/flowspec/operator"
	"github.com/flowspec/flowspec/schemas"
)

var update = flag.Bool("update", false, "rewrite golden files and the generated part of the schema")

const schemaPath = "../schemas/flowspec.schema.json"

// TestSchemaOps fails when the schema drifts from the field table or its
// operator list from the registry, so editors never offer a field or an
// operator that does not exist or miss one that does.
func TestSchemaOps(t *testing.T) {
	want, err := GenerateSchema(builtins.Default())
	if err != nil {
		t.Fatal(err)
	}
	if *update {
		if err := os.WriteFile(schemaPath, want, 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	if !bytes.Equal(want, schemas.Flow) {
		t.Fatalf("schemas/flowspec.schema.json differs from the field table and builtins.Default(); run go test ./spec -run TestSchemaOps -update")
	}
}

// TestSchemaOperatorsRegenerate checks that regeneration changes only the
// operators definition and keeps the schema valid.
func TestSchemaOperatorsRegenerate(t *testing.T) {
	op := &operator.Op{Name: "zzz_only_here", Doc: "a test operator", Go: func(_ context.Context, _ []any) (any, error) { return nil, nil }}
	reg, err := operator.New(op)
	if err != nil {
		t.Fatal(err)
	}
	got, err := GenerateSchema(reg)
	if err != nil {
		t.Fatal(err)
	}
	var v map[string]any
	if err := json.Unmarshal(got, &v); err != nil {
		t.Fatalf("regenerated schema is not JSON: %v", err)
	}
	enum := v["$defs"].(map[string]any)["operators"].(map[string]any)["enum"].([]any)
	if len(enum) != 1 || enum[0] != "zzz_only_here" {
		t.Fatalf("operators enum = %v, want [zzz_only_here]", enum)
	}
	head := bytes.Index(schemas.Flow, []byte(`"operators": {`))
	if !bytes.Equal(got[:head], schemas.Flow[:head]) {
		t.Fatal("regeneration changed the schema before the operators definition")
	}
}

// TestSchemaOptionsShared checks that a task accepts every option defaults:
// accepts (the task lists them by $ref), so the two cannot drift apart.
func TestSchemaOptionsShared(t *testing.T) {
	var v map[string]any
	if err := json.Unmarshal(schemas.Flow, &v); err != nil {
		t.Fatal(err)
	}
	defs := v["$defs"].(map[string]any)
	task := defs["task"].(map[string]any)["properties"].(map[string]any)
	for name := range defs["options"].(map[string]any)["properties"].(map[string]any) {
		ref, _ := task[name].(map[string]any)["$ref"].(string)
		if want := "#/$defs/options/properties/" + name; ref != want {
			t.Errorf("task property %q: $ref %q, want %q", name, ref, want)
		}
	}
}

// TestSchemaDocumented checks that every property has a title and a
// description, which editors show as help.
func TestSchemaDocumented(t *testing.T) {
	var v any
	if err := json.Unmarshal(schemas.Flow, &v); err != nil {
		t.Fatal(err)
	}
	var walk func(path string, v any)
	walk = func(path string, v any) {
		m, ok := v.(map[string]any)
		if !ok {
			return
		}
		if props, ok := m["properties"].(map[string]any); ok {
			for name, p := range props {
				pm := p.(map[string]any)
				_, ref := pm["$ref"]
				if _, ok := pm["description"]; !ok && !ref {
					t.Errorf("%s/properties/%s has no description", path, name)
				}
				if _, ok := pm["title"]; !ok && !ref {
					t.Errorf("%s/properties/%s has no title", path, name)
				}
			}
		}
		for k, c := range m {
			walk(path+"/"+k, c)
		}
	}
	walk("", v)
}

// TestFieldReference fails when docs/fields.md drifts from the field table;
// go test ./spec -run TestFieldReference -update rewrites it.
func TestFieldReference(t *testing.T) {
	const path = "../docs/fields.md"
	want := FieldReference()
	if *update {
		if err := os.WriteFile(path, []byte(want), 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	got, err := os.ReadFile(path)
	if err != nil || string(got) != want {
		t.Fatalf("docs/fields.md differs from the field table; run go test ./spec -run TestFieldReference -update")
	}
}

// TestSchemaIDVersion checks that the schema's address names the language
// version this flowspec reads, so the two cannot drift apart.
func TestSchemaIDVersion(t *testing.T) {
	if want := fmt.Sprintf("/schemas/v%d/", SupportedVersion); !strings.Contains(schemas.FlowID, want) {
		t.Fatalf("schemas.FlowID %q does not name %s", schemas.FlowID, want)
	}
}
