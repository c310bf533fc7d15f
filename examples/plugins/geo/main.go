// Command flowspec-plugin-geo is an example flowspec plugin in Go: it adds
// geo.area and geo.scale. Build it onto PATH and a flow finds it by name:
//
//	go build -o ~/bin/flowspec-plugin-geo ./examples/plugins/geo
//	flowspec run examples/plugins/geo.yaml
package main

import (
	"context"
	"fmt"

	"github.com/flowspec/flowspec/plugin"
)

func main() {
	plugin.Serve(
		plugin.Op{
			Name: "area", Doc: "The area of a w × h rectangle.",
			Params: []plugin.Param{
				{Name: "w", Type: "number", Required: true, Doc: "width"},
				{Name: "h", Type: "number", Required: true, Doc: "height"},
			},
			Result: "number", Pure: true, Batchable: true,
			Func: area,
		},
		plugin.Op{
			Name: "scale", Doc: "Each point of a polygon multiplied by factor.",
			Params: []plugin.Param{
				{Name: "points", Type: "list", Required: true, Doc: "[[x, y], ...]"},
				{Name: "factor", Type: "number", Default: int64(2), Doc: "the multiplier"},
			},
			Result: "list", Pure: true, Batchable: true,
			Func: scale,
		},
	)
}

// area multiplies w by h, refusing a negative side.
func area(_ context.Context, args plugin.Args) (any, error) {
	w, h := args.Float("w"), args.Float("h")
	if w < 0 || h < 0 {
		return nil, &plugin.Error{Class: "ValueError", Message: fmt.Sprintf("a side is negative: %g × %g", w, h)}
	}
	return w * h, nil
}

// scale multiplies every coordinate of points by factor.
func scale(_ context.Context, args plugin.Args) (any, error) {
	f := args.Float("factor")
	if f == 0 {
		return nil, &plugin.Error{Class: "GeoError", Message: "a factor of 0 flattens the polygon to a point"}
	}
	points, _ := args["points"].([]any)
	out := make([]any, len(points))
	for i, p := range points {
		xy, _ := p.([]any)
		scaled := make([]any, len(xy))
		for j, c := range xy {
			scaled[j] = plugin.Args{"c": c}.Float("c") * f
		}
		out[i] = scaled
	}
	return out, nil
}
