package pyfunc

import (
	"path/filepath"
	"testing"
)

func TestResolvePrecedence(t *testing.T) {
	dir, _ := filepath.Abs("flows")
	file := Inputs{FileInterpreter: "venv/bin/python", FilePath: []string{"lib", "/abs"}, FileWhere: "flow.yaml:3:3", Dir: "flows"}
	for _, c := range []struct {
		in           Inputs
		interp, from string
	}{
		{Inputs{Dir: "flows"}, "python3", "default"},
		{file, filepath.Join(dir, "venv/bin/python"), "flow.yaml:3:3"},
		{withEnv(file, "python3.12"), "python3.12", EnvInterpreter},
		{withFlag(withEnv(file, "python3.12"), "pypy3"), "pypy3", "--python"},
	} {
		got := Resolve(c.in)
		if got.Interpreter != c.interp || got.Source != c.from {
			t.Errorf("%+v: %s (%s), want %s (%s)", c.in, got.Interpreter, got.Source, c.interp, c.from)
		}
	}
	if got := Resolve(file).Path; len(got) != 2 || got[0] != filepath.Join(dir, "lib") || got[1] != "/abs" {
		t.Errorf("path %v: relative to the flow file", got)
	}
	if got := Resolve(Inputs{Dir: "flows"}).Path; len(got) != 1 || got[0] != dir {
		t.Errorf("default path %v, want the flow's directory", got)
	}
}

func withEnv(in Inputs, env string) Inputs   { in.Env = env; return in }
func withFlag(in Inputs, flag string) Inputs { in.Flag = flag; return in }
