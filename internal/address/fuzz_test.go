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
		// The credential as written (user:password) must not survive; the
		// password alone may occur by chance in a message ("U+0000").
		credential := user(prefix) + ":" + password
		if strings.Contains(Redact(addr), credential) {
			t.Fatalf("Redact(%q) = %q keeps the password", addr, Redact(addr))
		}
		if p != nil && strings.Contains(p.Msg+p.Hint, credential) {
			t.Fatalf("CheckDask(%q) = %q shows the password", addr, p.Error())
		}
	})
}

// plainSecret reports whether the generated address is one Redact must
// mask: one token (no delimiter anywhere), a user without ':' or '@', a
// password of at least 4 bytes that occurs nowhere else in the address and
// holds no '@' and no authority end, and a rest without '@'.
func plainSecret(prefix, password, rest string) bool {
	user := user(prefix)
	all := prefix + password + rest
	return len(password) >= 4 && user != "" && !strings.ContainsAny(user, ":@/?#") &&
		!strings.ContainsAny(password, "@/?#") && !strings.ContainsAny(rest, "@") &&
		!strings.ContainsAny(all, " \t\n\r\"'`<>") && !strings.Contains(prefix+rest, password)
}

// user is the user name at the end of a generated address's prefix.
func user(prefix string) string {
	if i := strings.Index(prefix, "://"); i >= 0 {
		return prefix[i+3:]
	}
	return prefix
}
