package flowspec

import (
	"bytes"
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/flowspec/flowspec/spec"
)

var updateGolden = flag.Bool("update", false, "rewrite testdata/invalid/*.golden from the current output")

// corpusPositions pins where the first diagnostic of each invalid flow must
// point, independently of its golden file, so rewriting the goldens with
// -update cannot hide a position regression. Every corpus file must be
// listed here.
var corpusPositions = map[string]string{
	"after-unknown":             "8:13",
	"bad-cron":                  "4:9",
	"bad-duration":              "8:14",
	"bad-task-name":             "4:3",
	"batch-value":               "8:12",
	"cycle":                     "4:3",
	"cycle-after":               "4:3",
	"duplicate-key":             "8:3",
	"empty-file":                "1:1",
	"empty-tasks":               "3:8",
	"executor-address":          "5:14",
	"executor-address-crlf":     "5:14",
	"executor-address-host":     "5:21",
	"executor-address-password": "5:20",
	"gateway-address-password":  "6:16",
	"executor-address-port":     "5:30",
	"yaml-tags":                 "8:9",
	"executor-typo":             "3:11",
	"expr-colon":                "10:21",
	"expr-syntax":               "7:17",
	"gateway-address":           "6:16",
	"index-outside-map":         "7:14",
	"interpolation-syntax":      "9:39",
	"many-mistakes":             "9:20",
	"map-lengths":               "8:10", // found by the compiler
	"map-not-list":              "7:10",
	"merge-key":                 "8:3",
	"missing-op":                "4:3",
	"missing-required-param":    "4:3",
	"missing-tasks":             "1:1",
	"misspelled-field":          "7:5",
	"namespace-typo":            "9:17",
	"negative-retries":          "4:12",
	"op-typo":                   "5:9",
	"output-unknown-task":       "9:14",
	"param-default-type":        "6:14",
	"param-reads-task":          "4:10",
	"param-type-mismatch":       "9:13", // found by the compiler
	"self-reference":            "7:19",
	"shell-cmd-string":          "7:12", // found by the compiler
	"shell-cmd-and-script":      "8:15", // found by shell's static check
	"shell-no-command":          "6:5",
	"shell-output-mode":         "8:15",
	"range-step-zero":           "6:28",
	"tab-indent":                "5:1",
	"trigger-typo":              "13:14",
	"two-documents":             "8:1",
	"undeclared-env":            "9:18",
	"unknown-param":             "8:7",
	"unknown-param-ref":         "9:17",
	"unknown-task-ref":          "11:19",
	"unknown-top-level":         "8:1",
	"hash-comment":              "7:14",
	"unterminated-template":     "7:10",
	"version-2":                 "1:10",
	"with-and-map":              "7:7",
	"with-not-mapping":          "6:11",
	"wrong-type":                "7:14",
	"yaml-syntax":               "7:10",
	"alias-key":                 "6:5",
	"bad-indent":                "6:4",
	"every-too-fast":            "4:10",
	"float-past-float64":        "7:10",
	"int-past-int64":            "1:10",
	"invalid-utf8":              "7:18",
	"long-line":                 "7:1000014",
	"nul-byte":                  "7:11",
	"null-document":             "2:1",
	"product-too-large":         "4:3", // found by the compiler, before allocating
	"range-too-large":           "7:14",
	"retries-too-many":          "4:12",
	"retry-delay-nan":           "7:18",
	"string-doubling":           "7:473",
	"timeout-too-long":          "6:14",
	"unknown-anchor":            "7:10",
}

// TestInvalidCorpus validates every flow in testdata/invalid and compares the
// full text a user sees with its golden file.
func TestInvalidCorpus(t *testing.T) {
	files, err := filepath.Glob("testdata/invalid/*.yaml")
	if err != nil {
		t.Fatal(err)
	}
	if len(files) < 35 {
		t.Fatalf("the invalid corpus has %d files, want at least 35", len(files))
	}
	seen := map[string]bool{}
	for _, file := range files {
		name := strings.TrimSuffix(filepath.Base(file), ".yaml")
		seen[name] = true
		t.Run(name, func(t *testing.T) {
			ds := Validate(file, nil)
			if !ds.HasErrors() {
				t.Fatalf("%s: no errors, want at least one", file)
			}
			var out bytes.Buffer
			if err := spec.Render(&out, ds, readSource, spec.FormatText, false); err != nil {
				t.Fatal(err)
			}
			checkFirstPosition(t, file, name, out.String())
			compareGolden(t, strings.TrimSuffix(file, ".yaml")+".golden", out.Bytes())
		})
	}
	for name := range corpusPositions {
		if !seen[name] {
			t.Errorf("corpusPositions lists %q, which has no testdata/invalid/%s.yaml", name, name)
		}
	}
}

// TestValidCorpus checks that every flow in testdata/valid (the seed example
// among them) validates without a single diagnostic.
func TestValidCorpus(t *testing.T) {
	files, err := filepath.Glob("testdata/valid/*.yaml")
	if err != nil {
		t.Fatal(err)
	}
	if len(files) == 0 {
		t.Fatal("no files in testdata/valid")
	}
	for _, file := range files {
		t.Run(filepath.Base(file), func(t *testing.T) {
			if ds := Validate(file, nil); len(ds) > 0 {
				var out bytes.Buffer
				_ = spec.Render(&out, ds, readSource, spec.FormatText, false)
				t.Fatalf("want no diagnostics, got:\n%s", out.String())
			}
		})
	}
}

// checkFirstPosition asserts the rendering starts at the pinned position.
func checkFirstPosition(t *testing.T, file, name, out string) {
	t.Helper()
	want, ok := corpusPositions[name]
	if !ok {
		t.Fatalf("add %q to corpusPositions with the line:col its first error must have", name)
	}
	prefix := file + ":" + want + ": error: "
	if first, _, _ := strings.Cut(out, "\n"); !strings.HasPrefix(first, prefix) {
		t.Errorf("first line = %q, want it to start with %q", first, prefix)
	}
}

// compareGolden compares got with the golden file, or rewrites it with -update.
func compareGolden(t *testing.T, golden string, got []byte) {
	t.Helper()
	if *updateGolden {
		if err := os.WriteFile(golden, got, 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(golden)
	if err != nil {
		t.Fatalf("%v (run go test . -run TestInvalidCorpus -update to create it)", err)
	}
	if !bytes.Equal(got, want) {
		t.Errorf("output differs from %s (run with -update if the change is intended)\n--- got\n%s\n--- want\n%s", golden, got, want)
	}
}

func readSource(file string) []byte {
	b, _ := os.ReadFile(file)
	return b
}
