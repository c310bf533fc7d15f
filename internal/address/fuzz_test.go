package address

import (
	"strings"
	"testing"
	"unicode/utf8"
)

// FuzzAddress: CheckDask and Redact take any text without panicking; a
// problem's offset lies within the address; and a password written into an
// address never survives Redact or a CheckDask message.
func FuzzAddress(f *testing.F) {
	for _, seed := range []struct{ prefix, password, rest string }{
		{"tcp://admin", "hunter2", "h:8786"},
		{"note: tls://u", "p@ss", "[::1]:1/x"},
		{"", "s", "127.0.0.1:8786"},
		{"gateway://x", "y", "\r\n:0"},
	} {
		f.Add(seed.prefix, seed.password, seed.rest)
	}
	f.Fuzz(func(t *testing.T, prefix, password, rest string) {
		addr := prefix + ":" + password + "@" + rest
		p := CheckDask(addr)
		if p != nil && (p.Offset < 0 || p.Offset > len(addr)) {
			t.Fatalf("CheckDask(%q): offset %d outside the address", addr, p.Offset)
		}
		line, move := RedactLine(addr)
		end, want := utf8.RuneCountInString(addr)+1, utf8.RuneCountInString(line)+1
		if c := move(end); c != want {
			t.Fatalf("RedactLine(%q) = %q: the end column moves to %d, want %d", addr, line, c, want)
		}
		if !plainSecret(prefix, password, rest) {
			return
		}
		if strings.Contains(Redact(addr), password) {
			t.Fatalf("Redact(%q) = %q keeps the password", addr, Redact(addr))
		}
		if p != nil && strings.Contains(p.Msg+p.Hint, password) {
			t.Fatalf("CheckDask(%q) = %q shows the password", addr, p.Error())
		}
	})
}

// plainSecret reports whether the generated address is one Redact must
// mask: one token (no delimiter anywhere), a user without ':' or '@', a
// password that is long enough not to occur by chance elsewhere and holds
// no delimiter, no '@' and no authority end, and a rest without '@'.
func plainSecret(prefix, password, rest string) bool {
	user := prefix
	if i := strings.Index(prefix, "://"); i >= 0 {
		user = prefix[i+3:]
	}
	all := prefix + password + rest
	return len(password) >= 4 && user != "" && !strings.ContainsAny(user, ":@/?#") &&
		!strings.ContainsAny(password, "@/?#") && !strings.ContainsAny(rest, "@") &&
		!strings.ContainsAny(all, " \t\n\r\"'`<>") && !strings.Contains(prefix+rest, password)
}
