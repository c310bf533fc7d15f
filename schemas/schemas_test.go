package schemas

import (
	"encoding/json"
	"testing"
)

// TestFlowSchemaIdentity checks that the embedded schema is JSON, declares
// draft 2020-12 and carries the $id it is compiled under.
func TestFlowSchemaIdentity(t *testing.T) {
	var s struct {
		Schema string `json:"$schema"`
		ID     string `json:"$id"`
		Title  string `json:"title"`
	}
	if err := json.Unmarshal(Flow, &s); err != nil {
		t.Fatalf("flowspec.schema.json is not JSON: %v", err)
	}
	if s.Schema != "https://json-schema.org/draft/2020-12/schema" || s.ID != FlowID || s.Title == "" {
		t.Errorf("$schema %q, $id %q, title %q", s.Schema, s.ID, s.Title)
	}
}
