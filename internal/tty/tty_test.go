package tty

import (
	"bytes"
	"os"
	"testing"
)

// TestNoColor pins the no-color.org rule: set and non-empty disables colour.
func TestNoColor(t *testing.T) {
	for value, want := range map[string]bool{"": false, "1": true, "false": true} {
		t.Setenv("NO_COLOR", value)
		if got := NoColor(); got != want {
			t.Errorf("NO_COLOR=%q: NoColor() = %t, want %t", value, got, want)
		}
	}
}

// TestNotTerminals: buffers, files and /dev/null (a character device) are
// not terminals, so get no colour and no redraws.
func TestNotTerminals(t *testing.T) {
	t.Setenv("NO_COLOR", "")
	devnull, err := os.Open(os.DevNull)
	if err != nil {
		t.Fatal(err)
	}
	defer devnull.Close()
	file, err := os.Create(t.TempDir() + "/out")
	if err != nil {
		t.Fatal(err)
	}
	defer file.Close()
	for name, w := range map[string]interface{ Write([]byte) (int, error) }{"buffer": &bytes.Buffer{}, "devnull": devnull, "file": file} {
		if IsTerminal(w) || CanRedraw(w) || Color(w) {
			t.Errorf("%s counts as a terminal", name)
		}
		if got := Width(w); got != 80 {
			t.Errorf("%s: Width = %d, want 80", name, got)
		}
	}
}
