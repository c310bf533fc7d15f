// Command flowspec-draw lays out a Graphviz graph read on stdin and writes
// it as SVG or PNG on stdout: `flowspec compile --format svg|png` runs it.
// It is a program of its own because the Graphviz it embeds (goccy/
// go-graphviz: Graphviz as WebAssembly on wazero) compiles its module when
// the program starts, about 0.2 s with a warm cache and seconds without:
// a cost every flowspec command would pay if flowspec linked it.
package main

import (
	"context"
	"fmt"
	"io"
	"os"

	"github.com/flowspec/flowspec/internal/picture"
)

func main() {
	if len(os.Args) != 2 {
		fmt.Fprintln(os.Stderr, "usage: flowspec-draw svg|png < graph.dot > picture (flowspec compile --format svg runs it)")
		os.Exit(2)
	}
	dot, err := io.ReadAll(os.Stdin)
	if err == nil {
		err = picture.Render(context.Background(), dot, os.Args[1], os.Stdout)
	}
	if err != nil {
		fmt.Fprintf(os.Stderr, "flowspec-draw: %v\n", err)
		os.Exit(1)
	}
}
