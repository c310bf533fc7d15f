package spec

import (
	"os"
	"path/filepath"
	"testing"
	"unicode/utf8"

	"github.com/flowspec/flowspec/builtins"
)

// FuzzParse feeds Parse arbitrary bytes, seeded with every corpus flow: it
// must never panic, and every diagnostic must point inside the file.
func FuzzParse(f *testing.F) {
	for _, dir := range []string{"../testdata/valid", "../testdata/invalid"} {
		files, _ := filepath.Glob(filepath.Join(dir, "*.yaml"))
		for _, file := range files {
			src, err := os.ReadFile(file)
			if err != nil {
				f.Fatal(err)
			}
			f.Add(src)
		}
	}
	reg := builtins.Default()
	f.Fuzz(func(t *testing.T, src []byte) {
		_, ds := Parse("fuzz.yaml", src, reg)
		for _, d := range ds {
			if err := positionInFile(src, d.Range); err != "" {
				t.Fatalf("%s: %s\n%q", d.Error(), err, src)
			}
		}
	})
}

// positionInFile explains why r does not point inside src, or returns "".
func positionInFile(src []byte, r Range) string {
	lines := countLines(src)
	switch {
	case r.File != "fuzz.yaml":
		return "wrong file " + r.File
	case r.Start.Line < 1 || r.Start.Line > max(lines, 1):
		return "line out of range"
	case r.Start.Column < 1:
		return "column below 1"
	}
	line := sourceLine(src, r.Start.Line)
	if r.Start.Column > utf8.RuneCountInString(line)+1 {
		return "column past the end of its line"
	}
	return ""
}
