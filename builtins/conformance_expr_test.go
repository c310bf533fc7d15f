package builtins_test

import (
	"testing"
)

// exprCases are expressions evaluated by the Go expr operator and by their
// Python translation; the results must be identical, and so must success
// and failure (the messages of expr-lang's own errors differ).
var exprCases = []struct {
	src  string
	vars map[string]any
}{
	// literals and arithmetic with Python's semantics
	{"1 + 2 * 3", nil}, {"7 / 2", nil}, {"-7 % 3", nil}, {"7 % -3", nil}, {"-7.5 % 2", nil}, {"2 ** 10", nil},
	{"2 ^ -1", nil}, {"2 ** 0.5", nil}, {"1.5 + 1", nil}, {"0.1 + 0.2", nil}, {"1e16 * 10", nil}, {"-x", vx(int64(3))},
	{"x + 1", vx(int64(9223372036854775807))}, {"x * 2", vx(int64(-4611686018427387905))}, {"1 / 0", nil}, {"1 % 0", nil},
	{"x / 3", vx(int64(9223372036854775807))}, {"'a' + 'b'", nil}, {"'a' + 1", nil}, {"nil", nil}, {"true", nil},
	{"[1, 'a', nil, [2.5]]", nil}, {"{a: 1, 'b c': [true]}", nil}, {"{('a' + 'b'): 1}", nil}, {"+x", vx(int64(2))},
	// comparisons and logic
	{"1 == 1.0", nil}, {"[1] == [1.0]", nil}, {"{a: 1} == {a: 1.0}", nil}, {"1 != 'a'", nil}, {"true == 1", nil},
	{"x < 9007199254740992.0", vx(int64(9007199254740993))}, {"'a' < 'b'", nil}, {"1 < 'a'", nil}, {"x >= 2", vx(2.0)},
	{"x > 1 and x < 5", vx(int64(3))}, {"x > 1 && x < 2 || x == 3", vx(int64(3))}, {"not true", nil}, {"!x", vx(int64(1))},
	{"true and 1", nil}, {"1 and true", nil}, {"false or 2", nil}, {"x ? 1 : 2", vx(true)}, {"x ? 1 : 2", vx(int64(1))},
	{"x ?? 3", vx(nil)}, {"x ?? 3", vx(int64(0))}, {"missing ?? 'd'", nil},
	// membership, ranges, indexing and slicing
	{"2 in [1, 2.0]", nil}, {"'k' in m", vmap()}, {"1 in m", vmap()}, {"'a' not in ['b']", nil}, {"1 in nil", nil},
	{"1 in 'abc'", nil}, {"1..4", nil}, {"3..1", nil}, {"l[0]", vl()}, {"l[-1]", vl()}, {"l[3]", vl()}, {"l[-4]", vl()},
	{"l['a']", vl()}, {"s[1]", vs()}, {"s[-1]", vs()}, {"s[1:3]", vs()}, {"s[:-1]", vs()}, {"l[1:]", vl()},
	{"l[5:9]", vl()}, {"l[2:1]", vl()}, {"l[-10:2]", vl()}, {"m.k", vmap()}, {"m.zz", vmap()}, {"m['k']", vmap()},
	{"m[k]", map[string]any{"m": map[string]any{"a": int64(1)}, "k": "a"}}, {"m.k.z", vmap()}, {"m?.zz?.yy", vmap()},
	{"m?.k", vmap()}, {"n?.a.b", map[string]any{"n": nil}}, {"n.a", map[string]any{"n": nil}}, {"$env.x", vx(int64(5))},
	// let, sequences, closures
	{"let y = x * 2; y + 1", vx(int64(4))}, {"let x = 1; let y = x + 1; x + y", nil},
	{"map(l, # * 2)", vl()}, {"filter(l, # > 1)", vl()}, {"all(l, # > 0)", vl()}, {"any(l, # > 2)", vl()},
	{"none(l, # > 5)", vl()}, {"one(l, # == 2)", vl()}, {"count(l, # >= 2)", vl()}, {"find(l, # > 1)", vl()},
	{"findIndex(l, # > 1)", vl()}, {"findIndex(l, # > 9)", vl()}, {"sum(l, # * 0.5)", vl()}, {"all(l, 1)", vl()},
	{"map(ls, map(#, # + 1))", map[string]any{"ls": []any{[]any{int64(1)}, []any{int64(2), int64(3)}}}},
	{"filter(ms, .a > 1)", map[string]any{"ms": []any{map[string]any{"a": int64(1)}, map[string]any{"a": int64(2)}}}},
	{"l | map(# + 1) | sum()", vl()},
	// matches: Go's RE2 syntax rewritten for Python's re
	{"s matches 'l+o$'", vs()}, {"s matches '^H'", vs()}, {"s matches '(?i)^H'", vs()}, {"s matches 'é'", vs()},
	{"x matches '(?i)k'", vx("\u212a")}, {"x matches '(?i)S'", vx("\u017f")}, {"x matches '^a$'", vx("a\n")},
	{"x matches '(?m)^b$'", vx("a\nb\nc")}, {"x matches '\\\\bb'", vx("éb")}, {"x matches '\\\\w+'", vx("é")},
	{"x matches '\\\\d'", vx("\u0663")}, {"x matches '\\\\s'", vx("\u00a0")}, {"x matches '[[:alpha:]]{3}'", vx("ab1c")},
	{"x matches '\\\\pL'", vx("é")}, {"x matches '^.$'", vx("\n")}, {"x matches '(?s)^.$'", vx("\n")},
	{"x matches 'a.*?b|c{2,}'", vx("xccx")}, {"x matches '\\\\Qa.b\\\\E'", vx("a.b")}, {"x matches '\\\\Qa.b\\\\E'", vx("axb")},
	{"x matches '[^a]'", vx("\U0001F600")}, {"x matches '\\\\x{1F600}'", vx("\U0001F600")}, {"x matches 'a'", vx(int64(1))},
	{"x matches '\\\\z'", vx("")}, {"x matches '(a|b)(?:c)+\\\\B'", vx("acc")},
	// #index (map and reduce only, as expr-lang) and #acc
	{"map(l, #index * 10 + #)", vl()}, {"map(l, map(l, #index))", vl()}, {"map([[1, 2], [3]], map(#, #index + #))", nil},
	{"reduce(l, #acc + #, 100)", vl()}, {"reduce(l, #acc * #)", vl()}, {"reduce(l, #index)", vl()},
	{"reduce(l, #index, 5)", vl()}, {"reduce([], #acc + #)", nil}, {"reduce([], #acc + #, 'e')", nil},
	{"reduce(l, #acc + reduce(l, #acc + #index, 0), 0)", vl()},
	// functions: ours
	{"range(3)", nil}, {"range(1, 4)", nil}, {"range(10, 0, -3)", nil}, {"range(0, 1, 0)", nil}, {"range(2.5)", nil},
	{"format('{a}/{b}', {a: 1, b: 2.0})", nil}, {"format('{a}', {})", nil}, {"rand() < 1 and rand() >= 0", nil},
	// functions: expr-lang's builtins
	{"len(s)", vs()}, {"len(l)", vl()}, {"len(m)", vmap()}, {"len(1)", nil}, {"abs(-3)", nil}, {"abs(-2.5)", nil},
	{"ceil(1.2)", nil}, {"floor(-1.5)", nil}, {"round(2.5)", nil}, {"round(-0.4)", nil}, {"round(0.49999999999999994)", nil},
	{"int(2.7)", nil}, {"int(-2.7)", nil}, {"int('12')", nil}, {"int(' 12')", nil}, {"float(2)", nil}, {"float('1e3')", nil},
	{"string(1.0)", nil}, {"string(1234567.0)", nil}, {"string(0.000012)", nil}, {"string(-0.0)", nil}, {"string(1e21)", nil},
	{"string([1, 'a', nil, true])", nil}, {"string({b: 1, a: [2.5]})", nil}, {"string(x)", vx(int64(-5))},
	{"trim('  a  ')", nil}, {"trim('xxaxx', 'x')", nil}, {"trim(s)", vx("\u00a0a\x1c")}, {"trimPrefix('abc', 'a')", nil},
	{"trimSuffix('abc', 'c')", nil}, {"upper('straße')", nil}, {"lower('ΑΣ')", nil}, {"split('a,b,,c', ',')", nil},
	{"split('abc', '')", nil}, {"split('', ',')", nil}, {"join(['a', 'b'], '-')", nil}, {"join(['a'])", nil},
	{"join([1])", nil}, {"replace('aab', 'a', 'x')", nil}, {"replace('ab', '', '-')", nil}, {"repeat('ab', 3)", nil},
	{"repeat('a', -1)", nil}, {"indexOf('héllo', 'l')", nil}, {"indexOf('abc', 'z')", nil}, {"hasPrefix('abc', 'ab')", nil},
	{"hasSuffix('abc', 'bc')", nil}, {"'abc' contains 'b'", nil}, {"'abc' startsWith 'a'", nil}, {"'abc' endsWith 'x'", nil},
	{"min(l)", vl()}, {"max(1, 2.5)", nil}, {"min(2.0, 2)", nil}, {"max([1, 2], [5])", nil}, {"min([])", nil},
	{"max([1, 'a'])", nil}, {"mean(l)", vl()}, {"mean([])", nil}, {"mean(1, [2.5])", nil}, {"sum(l)", vl()},
	{"sum([1, 2.5])", nil}, {"sum([])", nil}, {"sum(['a'])", nil}, {"first(l)", vl()}, {"first([])", nil},
	{"last(l)", vl()}, {"keys(m)", vmap()}, {"values(m)", vmap()}, {"sort(keys({b: 1, a: 2}))", nil}, {"reverse(l)", vl()},
	{"sort([3, 1.5, 2])", nil}, {"sort(['b', 'a'], 'desc')", nil}, {"sort([1, 'a'])", nil}, {"uniq([1, 1.0, true, 2])", nil},
	{"concat([1], [2, 3], [])", nil}, {"flatten([[1], [2, [3]]])", nil},
}

func vx(x any) map[string]any { return map[string]any{"x": x} }
func vs() map[string]any      { return map[string]any{"s": "héllo"} }
func vl() map[string]any {
	return map[string]any{"l": []any{int64(1), int64(2), int64(3)}}
}
func vmap() map[string]any {
	return map[string]any{"m": map[string]any{"k": int64(1), "j": "x"}}
}

func TestConformanceExpr(t *testing.T) {
	cases := make([]conformanceCase, len(exprCases))
	for i, c := range exprCases {
		vars := c.vars
		if vars == nil {
			vars = map[string]any{}
		}
		cases[i] = conformanceCase{"expr", kv("expr", c.src, "vars", vars)}
	}
	compareTwins(t, cases, false)
}
