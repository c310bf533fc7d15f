package dask

import (
	"bytes"
	"encoding/json"
	"errors"
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/flowspec/flowspec/builtins"
	"github.com/flowspec/flowspec/compiler"
)

var update = flag.Bool("update", false, "rewrite golden files in testdata")

// pickleReport is what testdata/check_pickle.py says about a graph pickle.
type pickleReport struct {
	Type        string                    `json:"type"`
	Graph       string                    `json:"graph"`
	Layers      map[string][]string       `json:"layers"`
	Keys        []any                     `json:"keys"`
	Groups      []string                  `json:"groups"` // key_split of every key: the dashboard's groups
	Annotations map[string]map[string]any `json:"annotations"`
	Values      []any                     `json:"values"`
	Error       string                    `json:"error"`
}

// unpickle lowers g for venv's dialect, has the venv's Python unpickle it and
// compute the keys of tasks want with dask's synchronous scheduler.
func unpickle(t *testing.T, venv string, d Dialect, g *compiler.Graph, want ...int) (*Lowered, pickleReport, []byte) {
	t.Helper()
	l, err := Lower(g, testRegistry(t), d)
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	graph := filepath.Join(dir, "graph.pickle")
	keys := filepath.Join(dir, "keys.json")
	var ks []any
	for _, i := range want {
		ks = append(ks, l.WireKey(i).Value())
	}
	kj, _ := json.Marshal(ks)
	if err := os.WriteFile(graph, l.Pickle, 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(keys, kj, 0o644); err != nil {
		t.Fatal(err)
	}
	out := runPython(t, venvPython(t, venv), "check_pickle.py", graph, keys)
	var r pickleReport
	if err := json.Unmarshal(out, &r); err != nil {
		t.Fatalf("%v: %s", err, out)
	}
	return l, r, out
}

var wantType = map[Dialect][2]string{
	DialectHLGStringKeys: {"distributed.protocol.serialize.ToPickle", "dask.highlevelgraph.HighLevelGraph"},
	DialectExpr:          {"dask._expr.HLGExpr", "dask.highlevelgraph.HighLevelGraph"},
	DialectHLG:           {"distributed.protocol.serialize.ToPickle", "dask.highlevelgraph.HighLevelGraph"},
}

// TestLowerSeedInPython checks the seed flow's pickle in both venvs (and
// the string-key form of distributed < 2023.9 in the legacy one): the
// wrapper types, 3n+1 keys in four layers, and a total of 9900.
func TestLowerSeedInPython(t *testing.T) {
	all := append(venvs[:len(venvs):len(venvs)], struct {
		name    string
		dialect Dialect
	}{"legacy", DialectHLGStringKeys})
	for _, v := range all {
		t.Run(v.name+"/"+v.dialect.String(), func(t *testing.T) {
			g := seedGraph(100)
			l, r, _ := unpickle(t, v.name, v.dialect, g, len(g.Tasks)-1, 0, 250)
			if r.Error != "" {
				t.Fatal(r.Error)
			}
			if r.Type != wantType[v.dialect][0] || r.Graph != wantType[v.dialect][1] {
				t.Errorf("types %s(%s), want %s", r.Type, r.Graph, wantType[v.dialect])
			}
			if want := []string{"add", "dec", "flowspec-src", "inc", "total"}; !equalJSON(r.Groups, want) {
				t.Errorf("dashboard groups %v, want %v", r.Groups, want)
			}
			mapped := 0 // tuple keys, or their repr when the dialect wants strings
			for _, k := range r.Keys {
				if s, ok := k.(string); ok && v.dialect.StringKeys() && strings.HasPrefix(s, "('") {
					mapped++
				} else if _, ok := k.([]any); ok && !v.dialect.StringKeys() {
					mapped++
				}
			}
			if mapped != 300 {
				t.Errorf("%d keys of mapped tasks in the dialect's form, want 300", mapped)
			}
			if len(r.Keys) != 305 { // 301 tasks and 4 operator sources
				t.Errorf("%d keys, want 305", len(r.Keys))
			}
			want := []any{9900.0, 1.0, 100.0} // total, inc[0], add[50] = 51 + 49
			if !equalJSON(r.Values, want) {
				t.Errorf("values %v, want %v", r.Values, want)
			}
			wantDeps := []string{l.Prefixes[1], srcLayer, l.Prefixes[0]} // sorted: dec, flowspec-src, inc
			if deps := r.Layers[l.Prefixes[2]]; !equalJSON(deps, wantDeps) {
				t.Errorf("layer %s depends on %v, want %v", l.Prefixes[2], deps, wantDeps)
			}
		})
	}
}

func equalJSON(a, b any) bool {
	x, _ := json.Marshal(a)
	y, _ := json.Marshal(b)
	return bytes.Equal(x, y)
}

// argsGraph exercises every argument form and the options that travel as
// annotations or through the Python wrapper.
func argsGraph() *compiler.Graph {
	b := newGraph("args")
	nums := b.group("nums", "identity", true, 3, compiler.Options{Retries: 2, Priority: 5}, func(i int) []compiler.Arg {
		return []compiler.Arg{cnst(int64(i * 10))}
	})
	words := b.group("words", "identity", false, 1, compiler.Options{Resources: map[string]float64{"GPU": 1}, Workers: []string{"tcp://127.0.0.1:1"}}, func(int) []compiler.Arg {
		return []compiler.Arg{cnst([]any{"a", int64(-1), 2.5, nil, true, map[string]any{"k": "v"}, int64(1) << 40})}
	})
	// A constant equal to a key must stay a string, not become a reference.
	keyLike := b.group("keylike", "identity", false, 1, compiler.Options{}, func(int) []compiler.Arg {
		return []compiler.Arg{cnst("")} // filled in below once the key is known
	})
	record := b.group("record", "identity", false, 1, compiler.Options{Timeout: 30 * time.Second, Retries: 1, RetryDelay: time.Millisecond}, func(int) []compiler.Arg {
		return []compiler.Arg{{Kind: compiler.Map, Names: []string{"first", "words", "all", "lit"}, Items: []compiler.Arg{
			b.ref(nums, 0), b.ref(words, 0), b.all(nums), cnst(map[string]any{"nested": []any{int64(1), "x"}}),
		}}}
	})
	each := b.group("each", "add", false, 1, compiler.Options{Timeout: time.Minute}, func(int) []compiler.Arg {
		list := b.all(nums)
		list.Spread = true
		return []compiler.Arg{list, {Kind: compiler.List, Spread: true, Items: []compiler.Arg{cnst(int64(1)), cnst(int64(2)), cnst(int64(3))}}, cnst(0.0)}
	})
	b.g.Tasks[len(b.g.Tasks)-1].Each = true
	// after: [record] on the each task, an ordering-only dependency
	eachTask := &b.g.Tasks[b.g.Groups[each].First]
	eachTask.Deps = append(eachTask.Deps, int32(b.g.Groups[record].First))
	prefixes, _ := groupTokens(b.g)
	b.g.Tasks[b.g.Groups[keyLike].First].Args[0] = cnst(prefixes[words])
	return b.g
}

// TestLowerArgsInPython computes every argument form in both venvs and pins
// the whole report (keys, layers, annotations, values) in a golden file.
func TestLowerArgsInPython(t *testing.T) {
	for _, v := range venvs {
		t.Run(v.name, func(t *testing.T) {
			g := argsGraph()
			n := len(g.Tasks)
			l, r, out := unpickle(t, v.name, v.dialect, g, n-4, n-3, n-2, n-1)
			if r.Error != "" {
				t.Fatal(r.Error)
			}
			if got := r.Values[1]; got != l.Prefixes[1] {
				t.Errorf("key-like constant became %v, want the string %q", got, l.Prefixes[1])
			}
			golden(t, filepath.Join("testdata", "lower-args-"+v.name+".json"), out)
		})
	}
}

// golden compares got with the file at path, or rewrites it under -update.
func golden(t *testing.T, path string, got []byte) {
	t.Helper()
	var buf bytes.Buffer
	if err := json.Indent(&buf, got, "", "  "); err == nil {
		got = append(buf.Bytes(), '\n')
	}
	if *update {
		if err := os.WriteFile(path, got, 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run go test ./dask -run %s -update)", err, t.Name())
	}
	if !bytes.Equal(got, want) {
		t.Errorf("%s differs from the golden file; run with -update and review the diff\ngot:\n%s", path, got)
	}
}

// TestLowerTokens: keys are stable across lowerings, differ between flows
// and when an upstream constant changes, and key_split to the group name.
func TestLowerTokens(t *testing.T) {
	a, _ := groupTokens(seedGraph(10))
	b, _ := groupTokens(seedGraph(10))
	if strings.Join(a, ",") != strings.Join(b, ",") {
		t.Errorf("tokens differ between two lowerings: %v %v", a, b)
	}
	other := seedGraph(10)
	other.Flow = "another"
	c, _ := groupTokens(other)
	changed := seedGraph(10)
	changed.Tasks[0].Args[0] = cnst(int64(42))
	d, _ := groupTokens(changed)
	for i := range a {
		if a[i] == c[i] {
			t.Errorf("group %d has the same key %s in two flows", i, a[i])
		}
		if i != 1 && a[i] == d[i] { // dec does not read inc
			t.Errorf("group %d kept key %s after inc[0] changed", i, a[i])
		}
	}
	if a[1] != d[1] {
		t.Errorf("dec's key changed with inc's argument: %s -> %s", a[1], d[1])
	}
	for i, p := range a {
		name, token, _ := strings.Cut(p, "-")
		if name != seedGraph(1).Groups[i].Name || len(token) != 8 {
			t.Errorf("prefix %q: want <name>-<8 hex digits>", p)
		}
	}
}

// TestLowerDefinesOpsOnce: an operator's Python source is in the pickle
// once however many tasks use it, and so is each key prefix.
func TestLowerDefinesOpsOnce(t *testing.T) {
	l, err := Lower(seedGraph(50), testRegistry(t), DialectExpr)
	if err != nil {
		t.Fatal(err)
	}
	for _, src := range []string{testInc.Python, testAdd.Python, loaderSource} {
		if n := bytes.Count(l.Pickle, []byte(src)); n != 1 {
			t.Errorf("%d copies of %q", n, src[:20])
		}
	}
	for _, p := range l.Prefixes {
		if n := bytes.Count(l.Pickle, []byte(p)); n != 1 {
			t.Errorf("%d copies of key prefix %s", n, p)
		}
	}
}

// TestLowerRejects: options Dask cannot honour and operators without a
// Python twin are reported with the task's position before anything runs.
func TestLowerRejects(t *testing.T) {
	reg := testRegistry(t)
	noTwin := *testIdentity
	noTwin.Name, noTwin.Python = "gonly", ""
	if err := reg.Register(&noTwin); err != nil {
		t.Fatal(err)
	}
	b := newGraph("rejects")
	b.group("skip", "inc", false, 1, compiler.Options{When: &compiler.Arg{Kind: compiler.Const, Value: true}}, func(int) []compiler.Arg {
		return []compiler.Arg{cnst(int64(1)), cnst(0.0)}
	})
	b.group("cleanup", "inc", false, 1, compiler.Options{Trigger: "all_done"}, func(int) []compiler.Arg {
		return []compiler.Arg{cnst(int64(1)), cnst(0.0)}
	})
	b.group("native", "gonly", false, 1, compiler.Options{}, func(int) []compiler.Arg { return []compiler.Arg{cnst(int64(1))} })
	b.group("unknown", "nope", false, 1, compiler.Options{}, func(int) []compiler.Arg { return nil })
	_, err := Lower(b.g, reg, DialectExpr)
	want := "flow.yaml:20:3: task cleanup (inc): `trigger: all_done` is not supported on the Dask executor (Dask never runs a task whose input failed); remove it or run with --executor local\n" +
		"flow.yaml:26:3: task native (gonly): operator \"gonly\" has no Python implementation, so it cannot run on Dask; run this flow with --executor local\n" +
		"flow.yaml:32:3: task unknown (nope): operator \"nope\" is not registered"
	if err == nil || err.Error() != want {
		t.Errorf("error:\n%v\nwant:\n%s", err, want)
	}
	if !errors.Is(err, ErrUnsupported) {
		t.Errorf("error does not match ErrUnsupported")
	}
}

// TestLowerExprTranslation: expr sources are translated to Python when
// lowering, so an expression Python cannot run fails before submission,
// naming the task; a supported one reaches the pickle translated.
func TestLowerExprTranslation(t *testing.T) {
	b := newGraph("exprs")
	b.group("double", "expr", true, 2, compiler.Options{}, func(i int) []compiler.Arg {
		return []compiler.Arg{cnst("x * 2"), cnst(map[string]any{"x": int64(i)})}
	})
	if _, err := Lower(b.g, builtins.Default(), DialectExpr); err != nil {
		t.Fatal(err)
	}
	b.group("regex", "expr", false, 1, compiler.Options{}, func(int) []compiler.Arg {
		return []compiler.Arg{cnst(`s matches "^a"`), cnst(map[string]any{"s": "abc"})}
	})
	_, err := Lower(b.g, builtins.Default(), DialectExpr)
	if err == nil || !strings.HasPrefix(err.Error(), `flow.yaml:20:3: task regex (expr): expression "s matches \"^a\"" cannot run on Dask: `) {
		t.Errorf("error %v", err)
	}
}
