package main

import (
	"encoding/json"
	"encoding/xml"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/flowspec/flowspec/internal/clitest"
)

// svgNode is one node of a Graphviz SVG: its DOT name, fill and text lines.
type svgNode struct {
	Title string
	Fill  string
	Text  []string
}

// svgNodes parses a Graphviz SVG and returns its nodes by DOT name.
func svgNodes(t *testing.T, svg string) map[string]svgNode {
	t.Helper()
	var doc struct {
		Groups []struct {
			Groups []struct {
				Class string `xml:"class,attr"`
				Title string `xml:"title"`
				Paths []struct {
					Fill string `xml:"fill,attr"`
				} `xml:"path"`
				Text []string `xml:"text"`
			} `xml:"g"`
		} `xml:"g"`
	}
	if err := xml.Unmarshal([]byte(svg), &doc); err != nil {
		t.Fatalf("the picture is not SVG: %v", err)
	}
	nodes := map[string]svgNode{}
	for _, g := range doc.Groups {
		for _, n := range g.Groups {
			if n.Class != "node" {
				continue
			}
			fill := ""
			if len(n.Paths) > 0 {
				fill = n.Paths[0].Fill
			}
			nodes[n.Title] = svgNode{Title: n.Title, Fill: fill, Text: n.Text}
		}
	}
	return nodes
}

// pictureName is where an example's picture is kept: docs/pictures/ with
// the example's path flattened (pipeline/flow.yaml → pipeline-flow.svg).
func pictureName(example string) string {
	name := strings.TrimSuffix(strings.TrimPrefix(example, "examples/"), ".yaml")
	return filepath.Join("../../docs/pictures", strings.ReplaceAll(name, "/", "-")+".svg")
}

// TestExamplePictures draws every example with the real binary, checks
// that the picture has one node per task of the compiled graph labelled
// with its name, operator and element count, and that the checked-in
// picture in docs/pictures is what the binary draws today (-update
// rewrites them).
func TestExamplePictures(t *testing.T) {
	bin := clitest.BuildWithDraw(t)
	env, python := pluginEnv(t)
	for _, ex := range exampleFlows(t) {
		t.Run(ex, func(t *testing.T) {
			if strings.HasPrefix(ex, "examples/plugins/text") && !python {
				t.Skip("the Python plugin example needs the current venv's python3 (msgpack): scripts/venv.sh current")
			}
			args := []string{"compile", "--optimize", "none", "--seed", "1", ex}
			pic := clitest.Run(t, bin, "../..", append([]string{"compile", "--format", "svg"}, args[1:]...), env)
			js := clitest.Run(t, bin, "../..", append([]string{"compile", "--format", "json"}, args[1:]...), env)
			if pic.Code != 0 || js.Code != 0 {
				t.Fatalf("exit %d/%d: %s%s", pic.Code, js.Code, pic.Stderr, js.Stderr)
			}
			checkPictureNodes(t, svgNodes(t, pic.Stdout), js.Stdout)
			comparePicture(t, pictureName(ex), pic.Stdout)
		})
	}
}

// checkPictureNodes compares the picture's nodes with the graph's groups.
func checkPictureNodes(t *testing.T, nodes map[string]svgNode, graphJSON string) {
	t.Helper()
	var g struct {
		Groups []struct {
			Name      string `json:"name"`
			Op        string `json:"op"`
			Mapped    bool   `json:"mapped"`
			Count     int    `json:"count"`
			AtRunTime bool   `json:"mapped_at_run_time"`
		} `json:"groups"`
	}
	if err := json.Unmarshal([]byte(graphJSON), &g); err != nil {
		t.Fatal(err)
	}
	if len(nodes) != len(g.Groups) {
		t.Errorf("%d nodes in the picture, %d tasks in the graph", len(nodes), len(g.Groups))
	}
	for i, grp := range g.Groups {
		want := grp.Name + ": " + grp.Op
		switch {
		case grp.AtRunTime: // its elements are known when the run gets there
			want += " ×?"
		case grp.Mapped:
			want += " ×" + itoa(grp.Count)
		}
		n := nodes["g"+itoa(i)]
		if len(n.Text) == 0 || n.Text[0] != want {
			t.Errorf("node g%d reads %q, want %q", i, n.Text, want)
		}
	}
}

// comparePicture checks a checked-in picture, or rewrites it.
func comparePicture(t *testing.T, path, svg string) {
	t.Helper()
	if *update {
		if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, []byte(svg), 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	got, err := os.ReadFile(path)
	if err != nil || string(got) != svg {
		t.Errorf("%s is stale or missing; run go test ./cmd/flowspec -run TestExamplePictures -update", path)
	}
}

// TestPictureStates colours a picture by a real run's JSON result: the
// failed download red, the skipped report grey with a note, the alert and
// clean-up that ran green.
func TestPictureStates(t *testing.T) {
	bin := clitest.BuildWithDraw(t)
	dir := t.TempDir()
	run := clitest.Run(t, bin, "../..", []string{"run", "--output", "json", "examples/retries-triggers.yaml"}, nil)
	if run.Code != 1 {
		t.Fatalf("run: exit %d, want 1: %s", run.Code, run.Stderr)
	}
	states := filepath.Join(dir, "run.json")
	if err := os.WriteFile(states, []byte(run.Stdout), 0o644); err != nil {
		t.Fatal(err)
	}
	pic := clitest.Run(t, bin, "../..", []string{"compile", "--format", "svg", "--states", states, "examples/retries-triggers.yaml"}, nil)
	if pic.Code != 0 {
		t.Fatalf("compile: exit %d: %s", pic.Code, pic.Stderr)
	}
	want := map[string]svgNode{
		"g0": {Fill: "#f4b6b6", Text: []string{"download: fail", "1 failed"}},
		"g1": {Fill: "#dddddd", Text: []string{"report: count", "1 skipped"}},
		"g2": {Fill: "#c8e6c9", Text: []string{"alert: format"}},
		"g3": {Fill: "#c8e6c9", Text: []string{"cleanup: identity"}},
	}
	got := svgNodes(t, pic.Stdout)
	for name, w := range want {
		g := got[name]
		if g.Fill != w.Fill || strings.Join(g.Text, "|") != strings.Join(w.Text, "|") {
			t.Errorf("node %s: fill %s, text %q; want %s, %q", name, g.Fill, g.Text, w.Fill, w.Text)
		}
	}
	png := clitest.Run(t, bin, "../..", []string{"compile", "--format", "png", "--states", states, "examples/retries-triggers.yaml"}, nil)
	if png.Code != 0 || !strings.HasPrefix(png.Stdout, "\x89PNG\r\n\x1a\n") {
		t.Errorf("png: exit %d, %d bytes not starting with the PNG signature: %s", png.Code, len(png.Stdout), png.Stderr)
	}
}

// itoa formats an int.
func itoa(n int) string { return strconv.Itoa(n) }

// TestPictureWithoutDraw: a flowspec without flowspec-draw beside it or on
// PATH says how to install it, and flowspec itself does not link Graphviz
// (whose start-up cost every command would pay).
func TestPictureWithoutDraw(t *testing.T) {
	bin := clitest.Build(t)
	res := clitest.Run(t, bin, "../..", []string{"compile", "--format", "svg", "examples/product.yaml"}, []string{"PATH=" + t.TempDir()})
	want := "flowspec: pictures are drawn by flowspec-draw, which is neither beside flowspec nor on PATH: install it with go install github.com/flowspec/flowspec/cmd/flowspec-draw@latest (make build puts it in bin/), or use --format dot and Graphviz's dot\n"
	if res.Code != 2 || res.Stderr != want || res.Stdout != "" {
		t.Errorf("exit %d, stdout %q, stderr %q; want 2 and %q", res.Code, res.Stdout, res.Stderr, want)
	}
	deps, err := exec.Command("go", "list", "-deps", ".").Output()
	if err != nil {
		t.Fatal(err)
	}
	if strings.Contains(string(deps), "goccy/go-graphviz") {
		t.Error("cmd/flowspec links goccy/go-graphviz; keep it in cmd/flowspec-draw")
	}
}
