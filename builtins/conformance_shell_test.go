package builtins_test

import (
	"path/filepath"
	"testing"
)

// shellCases are shell calls whose results and messages the Go side and
// the Python twin must agree on, run as real processes by both.
func shellCases(t *testing.T) []conformanceCase {
	dir := t.TempDir()
	writeFile(t, filepath.Join(dir, "hello.sh"), "#!/bin/sh\necho hello from \"$1\"\n", 0o755)
	writeFile(t, filepath.Join(dir, "plain"), "echo hi\n", 0o644)
	writeFile(t, filepath.Join(dir, "garbage"), "\x00\x01\x02\x03", 0o755)
	c := func(pairs ...any) conformanceCase { return conformanceCase{"shell", kv(pairs...)} }
	l := func(v ...any) []any { return v }
	env := func(kv ...any) map[string]any { return kvMap(kv...) }
	return []conformanceCase{
		c("cmd", l("printf", "%s|", "$(id)", "a b", int64(3), 1.5, true, nil, l(int64(1)))),
		c("script", `printf '%s' "$A"`, "env", env("A", "; echo injected", "B", 2.5)),
		c("cmd", l("tr", "a-z", "A-Z"), "stdin", "abc\nd\n\n"),
		c("cmd", l("./hello.sh", "there"), "dir", dir),
		c("cmd", l("./plain"), "dir", dir), c("cmd", l("./garbage"), "dir", dir), c("cmd", l("./nope"), "dir", dir),
		c("cmd", l("true"), "dir", filepath.Join(dir, "plain")), c("cmd", l("true"), "dir", "/no/such"),
		c("cmd", l("/")), c("cmd", l("no-such-command-xyz")), c("cmd", l("")),
		c("script", `printf 'a\n\nb\n\n\n'`), c("script", `printf 'a\n\nb\n'`, "output", "lines"),
		c("cmd", l("true"), "output", "lines"), c("cmd", l("true"), "output", "json"),
		c("cmd", l("cat"), "output", "json", "stdin", `{"i": 1, "f": 1.0, "e": 1e2, "neg": -0, "big": 123456789012345678901234567890, "huge": 1e400, "l": [null, true, "\u00e9\ud83d\ude00"]}`),
		c("cmd", l("cat"), "output", "json", "stdin", `{"lone": "\ud800"}`),
		c("cmd", l("cat"), "output", "json", "stdin", "NaN"), c("cmd", l("cat"), "output", "json", "stdin", "1 2"),
		c("cmd", l("cat"), "output", "json", "stdin", "hello this is a long line of text that goes past sixty characters, surely"),
		c("script", `printf 'bad \377\376 cut \342\202 \355\240\200 \360\237\230 \300\257 \364\220\200\200 end \342'`), c("cmd", l("false")),
		c("script", `for i in $(seq 1 20); do echo "line $i" >&2; done; exit 4`),
		c("script", `head -c 5000 /dev/zero | tr '\0' x >&2; printf 'é' >&2; exit 1`),
		c("script", `printf a >&2; i=0; while [ $i -lt 3000 ]; do printf 'é' >&2; i=$((i+1)); done; exit 1`),
		c("script", "echo bye >&2; kill -9 $$"), c("script", "kill -TERM $$"),
		c("cmd", l("yes"), "max_output", int64(1000)), c("script", "printf 12345", "max_output", int64(5)),
		c(), c("cmd", l("true"), "script", "true"), c("cmd", "ls -l"), c("script", l("true")),
		c("cmd", l("true"), "output", "xml"), c("cmd", l("true"), "output", int64(1)), c("cmd", l("true"), "max_output", int64(0)),
		c("cmd", l("true"), "max_output", 1.5), c("cmd", l("true"), "env", env("A=B", "x")), c("cmd", l("true"), "env", env("", "x")),
		c("cmd", l("echo", "a\x00b")), c("script", "echo \x00"), c("cmd", l("true"), "env", env("A", "\x00")),
		c("cmd", l("true"), "dir", int64(1)), c("cmd", l("true"), "stdin", nil), c("cmd", l("true"), "env", "A=1"),
	}
}

func kvMap(pairs ...any) map[string]any { return kv(pairs...) }
