package spec

import (
	"encoding/json"
	"strings"
	"testing"

	"github.com/flowspec/flowspec/schemas"
)

// TestEditorOnlyParts checks that every editor-only pointer names a part of
// the checked-in schema and that the loader's schema has none of them, so
// a renamed definition cannot leave the loader checking twice.
func TestEditorOnlyParts(t *testing.T) {
	loader, err := loaderSchema(schemas.Flow)
	if err != nil {
		t.Fatal(err)
	}
	for _, ptr := range editorOnly {
		if !hasPointer(t, schemas.Flow, ptr) {
			t.Errorf("schemas/flowspec.schema.json has nothing at %s", ptr)
		}
		if hasPointer(t, loader, ptr) {
			t.Errorf("the loader's schema still has %s", ptr)
		}
	}
}

// hasPointer reports whether the JSON document has a member at ptr.
func hasPointer(t *testing.T, doc []byte, ptr string) bool {
	var v any
	if err := json.Unmarshal(doc, &v); err != nil {
		t.Fatal(err)
	}
	for _, p := range strings.Split(strings.TrimPrefix(ptr, "/"), "/") {
		m, ok := v.(map[string]any)
		if !ok {
			return false
		}
		if v, ok = m[p]; !ok {
			return false
		}
	}
	return true
}
