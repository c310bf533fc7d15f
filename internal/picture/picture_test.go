package picture

import (
	"bytes"
	"context"
	"strings"
	"testing"
)

// TestRender draws a two-node graph in both formats and refuses others.
func TestRender(t *testing.T) {
	dot := []byte(`digraph "f" { a [label="a: inc ×3"]; b; a -> b; }`)
	var svg bytes.Buffer
	if err := Render(context.Background(), dot, "svg", &svg); err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"<title>a</title>", "<title>b</title>", ">a: inc ×3</text>", "<title>a&#45;&gt;b</title>"} {
		if !strings.Contains(svg.String(), want) {
			t.Errorf("svg lacks %q", want)
		}
	}
	var png bytes.Buffer
	if err := Render(context.Background(), dot, "png", &png); err != nil || !bytes.HasPrefix(png.Bytes(), []byte("\x89PNG")) {
		t.Errorf("png: %v, %d bytes", err, png.Len())
	}
	var none bytes.Buffer
	err := Render(context.Background(), dot, "gif", &none)
	if err == nil || err.Error() != `unknown picture format "gif": use svg or png` || none.Len() > 0 {
		t.Errorf("gif: %v, %d bytes written", err, none.Len())
	}
	if err := Render(context.Background(), []byte("digraph {"), "svg", &none); err == nil || none.Len() > 0 {
		t.Errorf("a broken graph: %v, %d bytes written", err, none.Len())
	}
}
