package format

import (
	"bytes"
	"testing"
)

// FuzzFormat checks fmt's properties on arbitrary input seeded with every
// flow of the repository: no panic, the output formats to itself, and it
// means what the input meant. `go test ./format -run '^$' -fuzz
// FuzzFormat -fuzztime 10000x` runs 10,000 cases (scripts/fuzz.sh runs
// every target).
func FuzzFormat(f *testing.F) {
	for _, flow := range repositoryFlows(f) {
		f.Add(flow.src)
	}
	for _, flow := range fuzzFlows(f) {
		f.Add(flow.src)
	}
	f.Fuzz(func(t *testing.T, src []byte) {
		if len(src) > 1<<16 {
			return
		}
		once, err := Source(src)
		if err != nil {
			return
		}
		twice, err := Source(once)
		if err != nil {
			t.Fatalf("formatted output does not parse: %v\n%q\n%s", err, src, once)
		}
		if !bytes.Equal(once, twice) {
			t.Fatalf("not idempotent\ninput: %q\nonce:\n%s\ntwice:\n%s", src, once, twice)
		}
		checkSame(t, "fuzz", src, once, true)
	})
}
