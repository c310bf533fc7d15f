package spec

import (
	"os"
	"strings"
	"testing"

	"github.com/flowspec/flowspec/builtins"
)

// TestLanguageReference fails when docs/LANGUAGE.md drifts from the field
// table or the operator registry; go test ./spec -run TestLanguageReference
// -update rewrites it.
func TestLanguageReference(t *testing.T) {
	const path = "../docs/LANGUAGE.md"
	want := LanguageReference(builtins.Default())
	if *update {
		if err := os.WriteFile(path, []byte(want), 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	got, err := os.ReadFile(path)
	if err != nil || string(got) != want {
		t.Fatalf("docs/LANGUAGE.md differs from the field table and builtins.Default(); run go test ./spec -run TestLanguageReference -update")
	}
}

// TestLanguageReferenceComplete checks that the reference names every
// operator with its signature and example, and every field with where it
// is allowed.
func TestLanguageReferenceComplete(t *testing.T) {
	doc := LanguageReference(builtins.Default())
	for _, op := range builtins.Default().Ops() {
		if !strings.Contains(doc, "\n### "+op.Name+"\n") || !strings.Contains(doc, "\nop: "+op.Name+"\n") {
			t.Errorf("operator %s has no section or no example", op.Name)
		}
	}
	for _, want := range []string{
		"Allowed at: `tasks.NAME`.", "Allowed at: `params.NAME`.", "| `retries` |",
		"`schedule.clocks[]`", "Allowed at: `tasks.NAME`, `defaults`.", "### Top level",
	} {
		if !strings.Contains(doc, want) {
			t.Errorf("reference lacks %q", want)
		}
	}
}
