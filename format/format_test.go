package format

import (
	"bytes"
	"flag"
	"os"
	"testing"
)

var update = flag.Bool("update", false, "rewrite testdata/*.golden from the formatter's output")

// TestGolden pins the layout of a flow that needs every kind of change:
// key order, quotes, ${{ }} spacing, comments and blank lines kept.
func TestGolden(t *testing.T) {
	src, err := os.ReadFile("testdata/messy.yaml")
	if err != nil {
		t.Fatal(err)
	}
	got, err := Source(src)
	if err != nil {
		t.Fatal(err)
	}
	if *update {
		if err := os.WriteFile("testdata/messy.golden", got, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile("testdata/messy.golden")
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(got, want) {
		t.Errorf("got:\n%s\nwant:\n%s", got, want)
	}
}

// TestRepositoryFlows checks fmt's two properties on every flow in the
// repository: fmt of fmt changes nothing, and the formatted flow means what
// the original meant (same data, same compiled graph or same errors).
func TestRepositoryFlows(t *testing.T) {
	checkProperties(t, repositoryFlows(t), false)
}

// TestFuzzCorpus checks the same properties on the fuzz corpora of the
// parser, the compiler and fmt itself (error messages may name a fuzzed
// null key differently; their number must not change).
func TestFuzzCorpus(t *testing.T) {
	checkProperties(t, fuzzFlows(t), true)
}

// checkProperties checks idempotence and meaning preservation on flows.
func checkProperties(t *testing.T, flows []flowFile, loose bool) {
	formatted := 0
	for _, f := range flows {
		once, err := Source(f.src)
		if err != nil {
			continue // not YAML: the invalid-input corpus; fmt reports it
		}
		twice, err := Source(once)
		if err != nil {
			t.Fatalf("%s: formatted output does not parse: %v\n%s", f.name, err, once)
		}
		if !bytes.Equal(once, twice) {
			t.Errorf("%s: fmt is not idempotent\nonce:\n%s\ntwice:\n%s", f.name, once, twice)
		}
		checkSame(t, f.name, f.src, once, loose)
		formatted++
	}
	t.Logf("%d of %d files are YAML: formatted, idempotent and meaning-preserving", formatted, len(flows))
}

// TestDocuments refuses a file of several documents rather than drop all
// but the first.
func TestDocuments(t *testing.T) {
	if _, err := Source([]byte("version: 1\n---\nversion: 2\n")); err != ErrDocuments {
		t.Fatalf("got %v, want ErrDocuments", err)
	}
}

// TestEmpty returns a file without YAML content as it is.
func TestEmpty(t *testing.T) {
	src := []byte("# nothing yet\n")
	if got, err := Source(src); err != nil || !bytes.Equal(got, src) {
		t.Fatalf("got %q, %v", got, err)
	}
}
