package spec

import (
	"reflect"
	"strings"
	"testing"

	"go.yaml.in/yaml/v3"
)

// TestKindNameWords pins the one kind wording, including scalars whose text
// their tag cannot hold: "expected an integer, got an integer" named nothing.
func TestKindNameWords(t *testing.T) {
	tests := map[string]string{
		"[1]":                        "a list",
		"{a: 1}":                     "a mapping",
		"3":                          "an integer",
		"1.5":                        "a number",
		"true":                       "a boolean",
		"~":                          "nothing (null)",
		"three":                      "a string",
		"!!int three":                "text that is not a valid integer (three)",
		"!!int 99999999999999999999": "an integer out of range (99999999999999999999)",
		".inf":                       "a number that is not finite (.inf)",
		"!!float x":                  "text that is not a valid number (x)",
	}
	for src, want := range tests {
		var doc yaml.Node
		if err := yaml.Unmarshal([]byte(src), &doc); err != nil {
			t.Fatal(err)
		}
		if got := kindName(doc.Content[0]); got != want {
			t.Errorf("kindName(%s) = %q, want %q", src, got, want)
		}
	}
}

// TestOptionsTable checks that every field of Options is declared once in
// the table, and that Merge carries each one from defaults: to a task that
// leaves it unset while a task's own setting wins. The defaults set every
// option the table declares, with a sample value of its kind.
func TestOptionsTable(t *testing.T) {
	if n := reflect.TypeOf(Options{}).NumField(); n != len(optionsDef.Fields) {
		t.Fatalf("Options has %d fields, the table declares %d", n, len(optionsDef.Fields))
	}
	src := "version: 1\ndefaults:\n"
	for _, f := range optionsDef.Fields {
		src += "  " + f.Name + ": " + sampleValue(f) + "\n"
	}
	src += "tasks:\n  a: {op: inc, with: {x: 1}}\n  b: {op: inc, with: {x: 1}, retries: 7}\n"
	f, ds := Parse("flow.yaml", []byte(src), nil)
	if ds.HasErrors() {
		t.Fatal(ds)
	}
	merged := f.Tasks[0].Options.Merge(f.Defaults)
	v := reflect.ValueOf(merged)
	for i := range v.NumField() {
		if v.Field(i).IsZero() {
			t.Errorf("Merge left %s unset", v.Type().Field(i).Name)
		}
	}
	if !reflect.DeepEqual(merged, f.Defaults) {
		t.Errorf("merged %+v, want the defaults %+v", merged, f.Defaults)
	}
	if got := *f.Tasks[1].Options.Merge(f.Defaults).Retries; got != 7 {
		t.Errorf("task b retries %d, want its own 7", got)
	}
}

// sampleValue writes a valid, non-zero YAML value for an option.
func sampleValue(f *Field) string {
	switch {
	case f.Enum != nil:
		return f.Enum[len(f.Enum)-1]
	case f.Ref == durationDef:
		return "1s"
	}
	switch f.Kinds[0] {
	case KindInt, KindNumber:
		return "2"
	case KindBool:
		return "false"
	case KindMapping:
		return "{a: 1}"
	}
	return "x"
}

// TestScheduleKindWording checks that the schedule block names kinds as the
// rest of spec does.
func TestScheduleKindWording(t *testing.T) {
	_, ds := decodeScheduleText(t, "every: 1m\nname: [1]")
	if len(ds) != 1 || !strings.Contains(ds[0].Message, "name must be a string, not a list") {
		t.Fatalf("got %v", ds)
	}
	_, ds = decodeScheduleText(t, "every: 1m\noverlap: 3")
	if len(ds) != 1 || !strings.Contains(ds[0].Message, "overlap policy \"3\"") {
		t.Fatalf("got %v", ds)
	}
}
