// Package picture draws a task graph as SVG or PNG with Graphviz, through
// github.com/goccy/go-graphviz: Graphviz compiled to WebAssembly and run by
// a pure-Go runtime (wazero), so the binary needs neither cgo nor a dot
// program on the machine, and the layout is Graphviz's own.
package picture

import (
	"bytes"
	"context"
	"fmt"
	"io"

	"github.com/goccy/go-graphviz"
)

// Formats are the picture formats Render writes.
var Formats = []string{"svg", "png"}

// Render lays out dot (a Graphviz digraph, as compiler.Graph.WriteDOT
// writes it) and writes it to w as format, one of Formats.
func Render(ctx context.Context, dot []byte, format string, w io.Writer) error {
	var f graphviz.Format
	switch format {
	case "svg":
		f = graphviz.SVG
	case "png":
		f = graphviz.PNG
	default:
		return fmt.Errorf("unknown picture format %q: use svg or png", format)
	}
	gv, err := graphviz.New(ctx)
	if err != nil {
		return fmt.Errorf("starting Graphviz: %w", err)
	}
	defer gv.Close()
	g, err := graphviz.ParseBytes(dot)
	if err != nil {
		return fmt.Errorf("reading the graph for Graphviz: %w", err)
	}
	defer g.Close()
	var buf bytes.Buffer // a failed layout writes nothing
	if err := gv.Render(ctx, g, f, &buf); err != nil {
		return fmt.Errorf("drawing the graph: %w", err)
	}
	_, err = w.Write(buf.Bytes())
	return err
}
