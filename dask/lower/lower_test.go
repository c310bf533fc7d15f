package lower

import (
	"bytes"
	"encoding/json"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/flowspec/flowspec/builtins"
	"github.com/flowspec/flowspec/compiler"
	"github.com/flowspec/flowspec/dask/internal/fixture"
)

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

// unpickle lowers g in form f, has the venv's Python unpickle it and
// compute the keys of tasks want with dask's synchronous scheduler.
func unpickle(t *testing.T, venv string, f Form, g *compiler.Graph, want ...int) (*Lowered, pickleReport, []byte) {
	t.Helper()
	l, err := Lower(g, fixture.Registry(t), f)
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
	out := fixture.RunPython(t, fixture.VenvPython(t, venv), "check_pickle.py", graph, keys)
	var r pickleReport
	if err := json.Unmarshal(out, &r); err != nil {
		t.Fatalf("%v: %s", err, out)
	}
	return l, r, out
}

// The forms of the three update-graph dialects (see dask.Dialect).
var (
	formHLG           = Form{}
	formExpr          = Form{Expr: true}
	formHLGStringKeys = Form{StringKeys: true}
)

// venvs names the venvs with their distributed versions' forms.
var venvs = []struct {
	name string
	form Form
}{{"current", formExpr}, {"legacy", formHLG}}

func formName(f Form) string {
	return map[Form]string{formHLG: "graph_frames (HighLevelGraph)", formExpr: "expr_ser (HLGExpr)", formHLGStringKeys: "graph_frames (HighLevelGraph, string keys)"}[f]
}

var wantType = map[Form][2]string{
	formHLGStringKeys: {"distributed.protocol.serialize.ToPickle", "dask.highlevelgraph.HighLevelGraph"},
	formExpr:          {"dask._expr.HLGExpr", "dask.highlevelgraph.HighLevelGraph"},
	formHLG:           {"distributed.protocol.serialize.ToPickle", "dask.highlevelgraph.HighLevelGraph"},
}

// TestLowerSeedInPython checks the seed flow's pickle in both venvs (and
// the string-key form of distributed < 2023.9 in the legacy one): the
// wrapper types, 3n+1 keys in four layers, and a total of 9900.
func TestLowerSeedInPython(t *testing.T) {
	all := append(venvs[:len(venvs):len(venvs)], struct {
		name string
		form Form
	}{"legacy", formHLGStringKeys})
	for _, v := range all {
		t.Run(v.name+"/"+formName(v.form), func(t *testing.T) {
			g := fixture.Seed(100)
			l, r, _ := unpickle(t, v.name, v.form, g, len(g.Tasks)-1, 0, 250)
			if r.Error != "" {
				t.Fatal(r.Error)
			}
			if r.Type != wantType[v.form][0] || r.Graph != wantType[v.form][1] {
				t.Errorf("types %s(%s), want %s", r.Type, r.Graph, wantType[v.form])
			}
			if want := []string{"add", "dec", "flowspec-src", "inc", "total"}; !equalJSON(r.Groups, want) {
				t.Errorf("dashboard groups %v, want %v", r.Groups, want)
			}
			mapped := 0 // tuple keys, or their repr when the dialect wants strings
			for _, k := range r.Keys {
				if s, ok := k.(string); ok && v.form.StringKeys && strings.HasPrefix(s, "('") {
					mapped++
				} else if _, ok := k.([]any); ok && !v.form.StringKeys {
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

// TestLowerArgsInPython computes every argument form in both venvs and pins
// the whole report (keys, layers, annotations, values) in a golden file.
func TestLowerArgsInPython(t *testing.T) {
	for _, v := range venvs {
		t.Run(v.name, func(t *testing.T) {
			g := fixture.Args(KeyPrefixes)
			n := len(g.Tasks)
			l, r, out := unpickle(t, v.name, v.form, g, n-4, n-3, n-2, n-1)
			if r.Error != "" {
				t.Fatal(r.Error)
			}
			if got := r.Values[1]; got != l.Prefixes[1] {
				t.Errorf("key-like constant became %v, want the string %q", got, l.Prefixes[1])
			}
			fixture.Golden(t, filepath.Join("testdata", "lower-args-"+v.name+".json"), out)
		})
	}
}

// TestLowerTokens: keys are stable across lowerings, differ between flows
// and when an upstream constant changes, and key_split to the group name.
func TestLowerTokens(t *testing.T) {
	a, _ := groupTokens(fixture.Seed(10))
	b, _ := groupTokens(fixture.Seed(10))
	if strings.Join(a, ",") != strings.Join(b, ",") {
		t.Errorf("tokens differ between two lowerings: %v %v", a, b)
	}
	other := fixture.Seed(10)
	other.Flow = "another"
	c, _ := groupTokens(other)
	changed := fixture.Seed(10)
	changed.Tasks[0].Args[0] = fixture.Const(int64(42))
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
		if name != fixture.Seed(1).Groups[i].Name || len(token) != 8 {
			t.Errorf("prefix %q: want <name>-<8 hex digits>", p)
		}
	}
}

// TestLowerDefinesOpsOnce: an operator's Python source is in the pickle
// once however many tasks use it, and so is each key prefix.
func TestLowerDefinesOpsOnce(t *testing.T) {
	l, err := Lower(fixture.Seed(50), fixture.Registry(t), formExpr)
	if err != nil {
		t.Fatal(err)
	}
	for _, src := range []string{fixture.Inc.Python, fixture.Add.Python, loaderSource} {
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

// TestLowerRejects: operators without a Python twin are reported with the
// task's position before anything runs; triggers are lowered (outcome.go).
func TestLowerRejects(t *testing.T) {
	reg := fixture.Registry(t)
	noTwin := *fixture.Identity
	noTwin.Name, noTwin.Python = "gonly", ""
	if err := reg.Register(&noTwin); err != nil {
		t.Fatal(err)
	}
	b := fixture.NewGraph("rejects")
	b.Group("skip", "inc", false, 1, compiler.Options{When: &compiler.Arg{Kind: compiler.Const, Value: true}}, func(int) []compiler.Arg {
		return []compiler.Arg{fixture.Const(int64(1)), fixture.Const(0.0)}
	})
	b.Group("cleanup", "inc", false, 1, compiler.Options{Trigger: "all_done"}, func(int) []compiler.Arg {
		return []compiler.Arg{fixture.Const(int64(1)), fixture.Const(0.0)}
	})
	b.Group("native", "gonly", false, 1, compiler.Options{}, func(int) []compiler.Arg { return []compiler.Arg{fixture.Const(int64(1))} })
	b.Group("unknown", "nope", false, 1, compiler.Options{}, func(int) []compiler.Arg { return nil })
	_, err := Lower(b.G, reg, formExpr)
	want := "flow.yaml:26:3: task native (gonly): operator \"gonly\" has no Python implementation, so it cannot run on Dask; run this flow with --executor local\n" +
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
	b := fixture.NewGraph("exprs")
	b.Group("double", "expr", true, 2, compiler.Options{}, func(i int) []compiler.Arg {
		return []compiler.Arg{fixture.Const("x * 2"), fixture.Const(map[string]any{"x": int64(i)})}
	})
	if _, err := Lower(b.G, builtins.Default(), formExpr); err != nil {
		t.Fatal(err)
	}
	b.Group("regex", "expr", false, 1, compiler.Options{}, func(int) []compiler.Arg {
		return []compiler.Arg{fixture.Const(`s matches p`), fixture.Const(map[string]any{"s": "abc", "p": "^a"})}
	})
	_, err := Lower(b.G, builtins.Default(), formExpr)
	if err == nil || !strings.HasPrefix(err.Error(), `flow.yaml:20:3: task regex (expr): expression "s matches p" cannot run on Dask: `) {
		t.Errorf("error %v", err)
	}
}

// TestLoaderPicklesAsRecipe: the function a task names pickles without
// cloudpickle (a recipe, not a copy by value) and a fresh interpreter, as a
// worker that never saw the loader, builds it from the recipe once and then
// finds it.
func TestLoaderPicklesAsRecipe(t *testing.T) {
	all := append(venvs[:len(venvs):len(venvs)], struct {
		name string
		form Form
	}{"oldest", formHLGStringKeys})
	for _, v := range all {
		t.Run(v.name, func(t *testing.T) {
			l, err := Lower(fixture.Seed(2), fixture.Registry(t), v.form)
			if err != nil {
				t.Fatal(err)
			}
			graph := filepath.Join(t.TempDir(), "graph.pickle")
			if err := os.WriteFile(graph, l.Pickle, 0o644); err != nil {
				t.Fatal(err)
			}
			out := fixture.RunPython(t, fixture.VenvPython(t, v.name), "check_loader.py", graph)
			var r struct {
				Plain bool
				Bytes int
				Fresh string
			}
			if err := json.Unmarshal(out, &r); err != nil {
				t.Fatalf("%v: %s", err, out)
			}
			if !r.Plain || r.Fresh != "flowspec.run [] True 42" {
				t.Errorf("plain pickle %t, in a fresh interpreter %q; want true and %q", r.Plain, r.Fresh, "flowspec.run [] True 42")
			}
		})
	}
}
