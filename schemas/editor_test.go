package schemas_test

import (
	"bytes"
	"encoding/json"
	"flag"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/flowspec/flowspec/internal/testvenv"
)

var update = flag.Bool("update", false, "rewrite testdata/editor-verdicts.txt")

// corpus is every flow the editor schema is judged on, from the
// repository root: the examples and the valid corpus (each must pass) and
// the invalid corpus (validate rejects each; the schema catches those it
// can).
func corpus(t *testing.T) []string {
	t.Helper()
	var files []string
	for _, dir := range []string{"examples", "testdata/valid", "testdata/invalid"} {
		err := filepath.WalkDir(filepath.Join("..", dir), func(path string, d os.DirEntry, err error) error {
			if err == nil && !d.IsDir() && strings.HasSuffix(path, ".yaml") {
				files = append(files, filepath.ToSlash(strings.TrimPrefix(path, "../")))
			}
			return err
		})
		if err != nil {
			t.Fatal(err)
		}
	}
	slices.Sort(files)
	return files
}

// checkReport is what check-jsonschema -o json says.
type checkReport struct {
	Errors []struct {
		Filename string `json:"filename"`
		Path     string `json:"path"`
	} `json:"errors"`
	ParseErrors []struct {
		Filename string `json:"filename"`
	} `json:"parse_errors"`
}

// TestEditorSchemaVerdicts runs an independent validator, check-jsonschema
// (Python's jsonschema), with schemas/flowspec.schema.json over the corpus
// and compares each file's verdict, with the places it flags, to
// testdata/editor-verdicts.txt (-update rewrites it). Examples and valid
// flows must pass; an invalid flow the schema passes is one whose mistake
// only validate's later checks can see (references, cycles, durations,
// an operator's own rules).
func TestEditorSchemaVerdicts(t *testing.T) {
	bin := testvenv.Require(t, "schema", "check-jsonschema")
	files := corpus(t)
	cmd := exec.Command(filepath.Join(bin, "check-jsonschema"), append([]string{"--schemafile", "schemas/flowspec.schema.json", "-o", "json"}, files...)...)
	cmd.Dir = ".."
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	_ = cmd.Run() // exit 1 means some file failed: the report says which
	var rep checkReport
	if err := json.Unmarshal(stdout.Bytes(), &rep); err != nil {
		t.Fatalf("check-jsonschema: %v\nstdout: %s\nstderr: %s", err, stdout.Bytes(), stderr.Bytes())
	}
	got := verdicts(files, rep)
	for _, f := range files {
		if !strings.HasPrefix(f, "testdata/invalid/") && !strings.HasSuffix(got[f], ": valid") {
			t.Errorf("%s: the editor schema rejects a valid flow", got[f])
		}
	}
	compareVerdicts(t, files, got)
}

// verdicts words the report per file: valid, unparsable (not YAML), or
// invalid at the places flagged.
func verdicts(files []string, rep checkReport) map[string]string {
	at := map[string][]string{}
	for _, e := range rep.Errors {
		if !slices.Contains(at[e.Filename], e.Path) {
			at[e.Filename] = append(at[e.Filename], e.Path)
		}
	}
	out := map[string]string{}
	for _, f := range files {
		out[f] = f + ": valid"
		if paths := at[f]; paths != nil {
			slices.Sort(paths)
			out[f] = f + ": invalid at " + strings.Join(paths, " ")
		}
	}
	for _, e := range rep.ParseErrors {
		out[e.Filename] = e.Filename + ": unparsable"
	}
	return out
}

// compareVerdicts checks got against the golden file, or rewrites it.
func compareVerdicts(t *testing.T, files []string, got map[string]string) {
	t.Helper()
	const golden = "testdata/editor-verdicts.txt"
	var b strings.Builder
	b.WriteString("# check-jsonschema with schemas/flowspec.schema.json over the corpus; go test ./schemas -run TestEditorSchemaVerdicts -update rewrites it.\n")
	for _, f := range files {
		fmt.Fprintln(&b, got[f])
	}
	if *update {
		if err := os.WriteFile(golden, []byte(b.String()), 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(golden)
	if err != nil {
		t.Fatal(err)
	}
	wantLines := strings.Split(string(want), "\n")
	for _, line := range strings.Split(b.String(), "\n") {
		if !slices.Contains(wantLines, line) {
			t.Errorf("verdict changed or new: %s", line)
		}
	}
	if string(want) != b.String() {
		t.Errorf("%s is stale; review the lines above, then run go test ./schemas -run TestEditorSchemaVerdicts -update", golden)
	}
}
