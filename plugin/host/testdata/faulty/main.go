// Command faulty is a plugin that misbehaves on request, for the host's
// fault tests: FAULT_DESCRIBE spoils the describe exchange (garbage,
// silent, exit, version, badtype); its operators crash, write garbage,
// hang or fail; stray answers a call nobody made before its own; flaky crashes on its first call when the file $MARKER
// does not exist yet (creating it), so a retry succeeds. The CLI's scripts
// use it too.
package main

import (
	"context"
	"fmt"
	"os"
	"time"

	"github.com/flowspec/flowspec/internal/subproc"
	"github.com/flowspec/flowspec/plugin"
)

func main() {
	switch os.Getenv("FAULT_DESCRIBE") {
	case "garbage":
		subproc.ReadFrame(os.Stdin)
		os.Stdout.WriteString("Hello! I am not msgpack.\n")
		hang()
	case "silent":
		hang()
	case "exit":
		fmt.Fprintln(os.Stderr, "cannot find my config file")
		os.Exit(4)
	case "version":
		subproc.ReadFrame(os.Stdin)
		subproc.WriteFrame(os.Stdout, map[string]any{"type": "describe", "version": 2, "operators": []any{}})
		hang()
	case "badtype":
		subproc.ReadFrame(os.Stdin)
		subproc.WriteFrame(os.Stdout, map[string]any{"type": "describe", "version": 1, "operators": []any{
			map[string]any{"name": "f", "params": []any{map[string]any{"name": "x", "type": "integer"}}, "result": "any"}}})
		hang()
	}
	plugin.Serve(
		op("echo", func(args plugin.Args) (any, error) { return args["x"], nil }),
		op("fail", func(args plugin.Args) (any, error) {
			return nil, &plugin.Error{Class: "ValueError", Message: "x is bad", Details: map[string]any{"x": args["x"]}}
		}),
		op("crash", func(plugin.Args) (any, error) {
			fmt.Fprintln(os.Stderr, "about to crash")
			os.Exit(3)
			return nil, nil
		}),
		op("garbage", func(plugin.Args) (any, error) {
			os.Stdout.WriteString("Hello! I am not msgpack.\n")
			hang()
			return nil, nil
		}),
		op("flaky", func(args plugin.Args) (any, error) {
			if _, err := os.Stat(os.Getenv("MARKER")); err != nil {
				os.WriteFile(os.Getenv("MARKER"), nil, 0o644)
				fmt.Fprintln(os.Stderr, "flaky: out of luck this time")
				os.Exit(3)
			}
			return args["x"].(int64) * 10, nil
		}),
		op("hang", func(plugin.Args) (any, error) { hang(); return nil, nil }),
		op("stray", func(args plugin.Args) (any, error) {
			// An answer to a call nobody made, before the real one.
			subproc.WriteFrame(os.Stdout, map[string]any{"type": "result", "id": -1, "value": 0})
			return args["x"], nil
		}),
	)
}

// op is an operator of one int parameter x.
func op(name string, f func(plugin.Args) (any, error)) plugin.Op {
	return plugin.Op{
		Name: name, Doc: name + " x", Result: "any", Pure: true,
		Params: []plugin.Param{{Name: "x", Type: "int", Required: true, Doc: "a number"}},
		Func:   func(_ context.Context, a plugin.Args) (any, error) { return f(a) },
	}
}

// hang never returns (a sleep: Go reports a bare select {} as deadlock).
func hang() {
	for {
		time.Sleep(time.Hour)
	}
}
