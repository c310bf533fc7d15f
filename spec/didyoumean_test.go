package spec

import "testing"

func TestDidYouMean(t *testing.T) {
	fields := []string{"op", "with", "map", "retries", "retry_delay", "timeout", "trigger", "after"}
	for _, c := range []struct{ name, want string }{
		{"retires", "retries"}, // transposition
		{"retry_dely", "retry_delay"},
		{"Timeout", "timeout"}, // case
		{"wiht", "with"},
		{"xyz", ""}, // nothing close
		{"o", "op"},
		{"completely_different", ""},
	} {
		if got := didYouMean(c.name, fields); got != c.want {
			t.Errorf("didYouMean(%q) = %q, want %q", c.name, got, c.want)
		}
	}
}

func TestEditDistance(t *testing.T) {
	for _, c := range []struct {
		a, b string
		want int
	}{{"", "", 0}, {"abc", "", 3}, {"kitten", "sitting", 3}, {"ab", "ba", 1}, {"héllo", "hello", 1}} {
		if got := editDistance(c.a, c.b); got != c.want {
			t.Errorf("editDistance(%q, %q) = %d, want %d", c.a, c.b, got, c.want)
		}
	}
}

func TestDidYouMeanPrefix(t *testing.T) {
	if got := didYouMean("run", []string{"name", "run_id", "scheduled_time"}); got != "run_id" {
		t.Errorf("got %q, want run_id", got)
	}
	if got := didYouMean("retr", []string{"retries", "retry_delay"}); got != "" {
		t.Errorf("ambiguous prefix gave %q", got)
	}
}
