package format

import (
	"io/fs"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/rogpeppe/go-internal/txtar"
)

// flowFile is one flow of the repository: its name and bytes.
type flowFile struct {
	name string
	src  []byte
}

// repositoryFlows returns every flow in the repository: the .yaml files of
// testdata, examples, bench and the packages' testdata, and the .yaml files
// inside the CLI's txtar scripts.
func repositoryFlows(t testing.TB) []flowFile {
	var flows []flowFile
	err := filepath.WalkDir("..", func(path string, d fs.DirEntry, err error) error {
		switch {
		case err != nil:
			return err
		case d.IsDir() && (d.Name() == ".git" || d.Name() == ".venv" || d.Name() == "fuzz"):
			return filepath.SkipDir
		case strings.HasSuffix(path, ".yaml"):
			src, err := os.ReadFile(path)
			flows = append(flows, flowFile{path, src})
			return err
		case strings.HasSuffix(path, ".txtar"):
			flows = append(flows, txtarFlows(t, path)...)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if len(flows) < 100 {
		t.Fatalf("found only %d flows: is the walk rooted at the repository?", len(flows))
	}
	return flows
}

// txtarFlows returns the .yaml files of a txtar archive.
func txtarFlows(t testing.TB, path string) []flowFile {
	a, err := txtar.ParseFile(path)
	if err != nil {
		t.Fatal(err)
	}
	var flows []flowFile
	for _, f := range a.Files {
		if strings.HasSuffix(f.Name, ".yaml") {
			flows = append(flows, flowFile{path + ":" + f.Name, f.Data})
		}
	}
	return flows
}

// fuzzCorpora are the fuzz corpora of the packages that read flows, kept
// by scripts/fuzz.sh: inputs that once found new paths through the parser
// and the compiler.
var fuzzCorpora = []string{"../spec/testdata/fuzz/FuzzParse", "../compiler/testdata/fuzz/FuzzCompile", "testdata/fuzz/FuzzFormat"}

// fuzzFlows returns the entries of the fuzz corpora that hold one []byte,
// decoded from Go's corpus file format.
func fuzzFlows(t testing.TB) []flowFile {
	var flows []flowFile
	for _, dir := range fuzzCorpora {
		files, err := filepath.Glob(filepath.Join(dir, "*"))
		if err != nil {
			t.Fatal(err)
		}
		for _, file := range files {
			b, err := os.ReadFile(file)
			if err != nil {
				t.Fatal(err)
			}
			lit, ok := strings.CutPrefix(strings.TrimSpace(string(b)), "go test fuzz v1\n[]byte(")
			if !ok || !strings.HasSuffix(lit, ")") || strings.Contains(lit, "\n") {
				continue
			}
			src, err := strconv.Unquote(strings.TrimSuffix(lit, ")"))
			if err != nil {
				t.Fatalf("%s: %v", file, err)
			}
			flows = append(flows, flowFile{file, []byte(src)})
		}
	}
	if len(flows) < 100 {
		t.Fatalf("found only %d fuzz corpus entries", len(flows))
	}
	return flows
}
