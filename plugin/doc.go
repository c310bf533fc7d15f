// Package plugin writes flowspec plugins in Go: a plugin is an executable
// that adds operators to flowspec's registry by answering length-prefixed
// msgpack frames on stdin and stdout (docs/PLUGINS.md has the protocol).
// With this package a plugin is its operators and one call:
//
//	func main() {
//		plugin.Serve(plugin.Op{
//			Name:   "area",
//			Doc:    "The area of a w × h rectangle.",
//			Params: []plugin.Param{{Name: "w", Type: "number", Required: true}, {Name: "h", Type: "number", Required: true}},
//			Result: "number",
//			Pure:   true,
//			Func: func(ctx context.Context, args plugin.Args) (any, error) {
//				return args.Float("w") * args.Float("h"), nil
//			},
//		})
//	}
//
// A flow then names the executable (plugins: {geo: ./flowspec-geo}) and
// its tasks write op: geo.area.
package plugin
