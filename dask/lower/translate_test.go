package lower

import (
	"strings"
	"testing"

	"github.com/flowspec/flowspec/builtins"
)

func TestTranslateExpr(t *testing.T) {
	for src, want := range map[string]string{
		"x + 1":                       `_x_add(vars.get("x"), 1)`,
		"a.b ?? 'd'":                  `_x_coalesce(_x_member(vars.get("a"), "b", False), lambda: "d")`,
		"let y = 2; y * x":            `(lambda _l_y: _x_mul(_l_y, vars.get("x")))(2)`,
		"map(l, # > 1 ? 'a' : 'b')":   `_x_b_map(vars.get("l"), lambda _p1, _i1=0, _a1=None: ("a" if _x_truth(_x_gt(_p1, 1)) else "b"))`,
		"range(n)[1:]":                `_x_slice(_x_range(vars.get("n")), 1, None)`,
		"not (x in [1.5, nil, true])": `_x_not(_x_in(vars.get("x"), [1.5, None, True]))`,
		"{k: 'é\\n'}":                 `{"k": "é\n"}`,
		"a and b or c":                `(_x_truth((_x_truth(vars.get("a")) and _x_truth(vars.get("b")))) or _x_truth(vars.get("c")))`,
		"x ** 2 ^ 0.5":                `_x_pow(vars.get("x"), _x_pow(2, 0.5))`,
		"filter(ls, all(#, # > 0))":   `_x_b_filter(vars.get("ls"), lambda _p1, _i1=0, _a1=None: _x_b_all(_p1, lambda _p2, _i2=0, _a2=None: _x_gt(_p2, 0)))`,
		"$env.x":                      `_x_member(vars, "x", False)`,
		"s matches '^a.$'":            `_x_matches(vars.get("s"), "\\Aa[^\\n]\\Z")`,
		"s matches '(?i)k'":           `_x_matches(vars.get("s"), "[Kk\\u212a]")`,
		"reduce(l, #acc + #index, 0)": `_x_b_reduce(vars.get("l"), lambda _p1, _i1=0, _a1=None: _x_add(_a1, _i1), 0)`,
		"1e300 * 1e10":                `_x_mul(1e+300, 10000000000.0)`,
	} {
		got, err := TranslateExpr(src)
		if err != nil || got != want {
			t.Errorf("TranslateExpr(%q) =\n  %s, %v\nwant\n  %s", src, got, err, want)
		}
	}
}

// TestTranslateExprRefuses: what Python cannot do the same way fails at
// compile time, naming the construct and where it is.
func TestTranslateExprRefuses(t *testing.T) {
	for src, want := range map[string]string{
		"s matches p":       "1:3: matches with a pattern computed at run time",
		"toJSON(x)":         "1:1: the function toJSON is not supported",
		"x.trim()":          "a method call is not supported",
		"l?.[0]":            "an optional index",
		"split(s, ',', 2)":  "split with 3 arguments is not supported",
		"x +\n  unknown(1)": "2:3: the function unknown is not supported",
		"groupBy(l, #)":     "the function groupBy",
		"x ==":              "unexpected token",
	} {
		_, err := TranslateExpr(src)
		if err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("TranslateExpr(%q): %v, want an error containing %q", src, err, want)
		}
	}
}

// TestTranslatedHelpersExist: every helper the translation can name is
// defined by the expr twin (the conformance tests run them).
func TestTranslatedHelpersExist(t *testing.T) {
	op, _ := builtins.Default().Lookup("expr")
	var names []string
	for _, h := range binaryHelpers {
		names = append(names, h)
	}
	for name := range builtinArity {
		names = append(names, "_x_b_"+strings.ToLower(name))
	}
	for name := range callHelpers {
		names = append(names, "_x_"+name)
	}
	names = append(names, "_x_chain", "_x_member", "_x_index", "_x_slice", "_x_coalesce", "_x_truth",
		"_x_not", "_x_neg", "_x_pos", "_x_seq", "_x_key")
	for _, n := range names {
		if !strings.Contains(op.Python, "\ndef "+n+"(") {
			t.Errorf("the expr twin does not define %s", n)
		}
	}
}
