package builtins_test

import (
	"fmt"
	"strings"
	"testing"

	"github.com/flowspec/flowspec/builtins"
	"github.com/flowspec/flowspec/operator"
)

// known is what a flow that writes every argument of an example as a
// literal tells a static check: the example's arguments over the defaults.
func known(op *operator.Op, args map[string]any) operator.StaticArgs {
	out := operator.StaticArgs{}
	for _, p := range op.Params {
		if v, ok := args[p.Name]; ok {
			out[p.Name] = operator.StaticArg{Given: true, Known: true, Value: v}
		} else if !p.Required {
			out[p.Name] = operator.StaticArg{Known: true, Value: p.Default}
		}
	}
	return out
}

// TestCheckAgreesWithRun: a static check never refuses an example that
// runs, and what it refuses fails at run time with its first problem's
// words.
func TestCheckAgreesWithRun(t *testing.T) {
	for _, op := range builtins.Default().Ops() {
		if op.Check == nil {
			continue
		}
		for i, e := range op.Examples {
			t.Run(fmt.Sprintf("%s/%d", op.Name, i), func(t *testing.T) {
				ps := op.Check(known(op, e.Args))
				switch {
				case len(ps) > 0 && e.Error == "":
					t.Fatalf("check refuses an example that runs: %+v", ps)
				case len(ps) > 0 && ps[0].Message != e.Error:
					t.Fatalf("check says %q, the run %q", ps[0].Message, e.Error)
				}
			})
		}
	}
}

// given builds StaticArgs for op: each pair is a parameter and its value,
// or unknown for a value computed at run time; defaults fill the rest.
func given(op *operator.Op, kv ...any) operator.StaticArgs {
	args := map[string]any{}
	for i := 0; i+1 < len(kv); i += 2 {
		args[kv[i].(string)] = kv[i+1]
	}
	out := known(op, args)
	for k, v := range args {
		if v == unknown {
			out[k] = operator.StaticArg{Given: true}
		}
	}
	return out
}

var unknown = &struct{ computed bool }{}

func TestStaticChecks(t *testing.T) {
	for _, c := range []struct {
		op   string
		args []any
		want string // "param: message | hint" of each problem, or ""
	}{
		{"shell", []any{"cmd", []any{"ls"}, "script", "ls"}, "script: shell takes cmd or script, not both"},
		{"shell", []any{}, "cmd: shell needs a command"},
		{"shell", []any{"cmd", []any{}, "script", ""}, "cmd: shell needs a command"},
		{"shell", []any{"cmd", unknown, "script", "ls"}, ""},
		{"shell", []any{"cmd", []any{"ls"}, "script", unknown}, ""},
		{"shell", []any{"cmd", unknown}, ""},
		{"shell", []any{"cmd", []any{"echo", int64(1), map[string]any{"a": true}}}, ""},
		{"shell", []any{"cmd", []any{"echo", "a\x00b"}}, "cmd: cmd[1] contains a NUL byte"},
		{"shell", []any{"script", "echo \x00"}, "script: script contains a NUL byte"},
		{"shell", []any{"script", "ls", "output", "yaml"}, `output: output must be "text", "lines" or "json", got "yaml"`},
		{"shell", []any{"script", "ls", "output", unknown, "max_output", int64(-5)}, "max_output: max_output must be at least 1 byte, got -5"},
		{"shell", []any{"script", "ls", "env", map[string]any{"": "x", "A=B": "y"}}, `env: env name "" is not valid`},
		{"shell", []any{"output", "csv"}, "cmd: shell needs a command\noutput: output must be"},
		{"range", []any{"stop", int64(3), "step", int64(0)}, "step: step must not be zero"},
		{"range", []any{"stop", unknown, "step", int64(0)}, "step: step must not be zero"},
		{"range", []any{"stop", int64(1) << 40}, "stop: range(0, 1099511627776, 1) has"},
		{"range", []any{"stop", int64(1) << 40, "step", unknown}, ""},
		{"range", []any{"stop", int64(10), "step", int64(-1)}, ""},
		{"sleep", []any{"seconds", 2e9}, "seconds: seconds must be between 0 and 1e9 seconds, got 2000000000.0"},
		{"sleep", []any{"seconds", unknown}, ""},
		{"inc", []any{"x", int64(1), "delay", -0.5}, "delay: delay must be between 0 and 1e9 seconds"},
		{"add", []any{"x", int64(1), "y", int64(2), "delay", 0.01}, ""},
	} {
		t.Run(fmt.Sprintf("%s%v", c.op, c.args), func(t *testing.T) {
			op, ok := builtins.Default().Lookup(c.op)
			if !ok {
				t.Fatalf("no operator %s", c.op)
			}
			var got []string
			for _, p := range op.Check(given(op, c.args...)) {
				if p.Hint == "" {
					t.Errorf("problem %q has no hint", p.Message)
				}
				got = append(got, p.Param+": "+p.Message)
			}
			want := strings.Split(c.want, "\n")
			if c.want == "" {
				want = nil
			}
			if len(got) != len(want) {
				t.Fatalf("got %q, want %q", got, want)
			}
			for i := range want {
				if !strings.HasPrefix(got[i], want[i]) {
					t.Fatalf("got %q, want %q", got, want)
				}
			}
		})
	}
}
