package udiff

import (
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

// TestAgainstDiff compares Unified with the system's diff -u on texts with
// changes at the start, the middle, far apart and at the end, without the
// header lines (diff puts dates in them).
func TestAgainstDiff(t *testing.T) {
	cases := [][2]string{
		{"a\nb\nc\n", "a\nx\nc\n"},
		{"a\nb\nc\nd\ne\nf\ng\nh\ni\nj\nk\nl\nm\n", "z\na\nb\nc\nd\ne\nF\ng\nh\ni\nj\nk\nl\n"},
		{"", "new\n"},
		{"only\n", ""},
		{"1\n2\n3\n4\n5\n6\n7\n8\n9\n10\n11\n12\n13\n14\n15\n16\n17\n18\n19\n20\n", "1\n2\nx\n4\n5\n6\n7\n8\n9\n10\n11\n12\n13\n14\n15\n16\n17\ny\n19\n20\n"},
		{"a\nb", "a\nc"},
	}
	dir := t.TempDir()
	for i, c := range cases {
		oldFile, newFile := filepath.Join(dir, "old"), filepath.Join(dir, "new")
		if err := os.WriteFile(oldFile, []byte(c[0]), 0o644); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(newFile, []byte(c[1]), 0o644); err != nil {
			t.Fatal(err)
		}
		out, _ := exec.Command("diff", "-u", oldFile, newFile).Output()
		want := withoutHeaders(string(out))
		got := withoutHeaders(Unified("old", "new", c[0], c[1]))
		if got != want {
			t.Errorf("case %d:\ngot:\n%s\nwant:\n%s", i, got, want)
		}
	}
}

func withoutHeaders(s string) string {
	var keep []string
	for _, l := range strings.SplitAfter(s, "\n") {
		if !strings.HasPrefix(l, "--- ") && !strings.HasPrefix(l, "+++ ") {
			keep = append(keep, l)
		}
	}
	return strings.Join(keep, "")
}

// TestEqual is empty for equal texts.
func TestEqual(t *testing.T) {
	if d := Unified("a", "b", "x\n", "x\n"); d != "" {
		t.Fatalf("got %q", d)
	}
}
