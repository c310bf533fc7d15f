// Command bad is a plugin for the CLI's fault scripts: bad.flaky crashes
// on its first call of each process whose marker file ($MARKER) is absent
// (so a retry succeeds), bad.crash always crashes, bad.hang never answers,
// bad.noisy prints to stdout.
package main

import (
	"context"
	"fmt"
	"os"
	"time"

	"github.com/flowspec/flowspec/plugin"
)

func main() {
	plugin.Serve(
		op("flaky", func(x int64) (any, error) {
			if _, err := os.Stat(os.Getenv("MARKER")); err != nil {
				os.WriteFile(os.Getenv("MARKER"), nil, 0o644)
				fmt.Fprintln(os.Stderr, "flaky: out of luck this time")
				os.Exit(3)
			}
			return x * 10, nil
		}),
		op("crash", func(int64) (any, error) {
			fmt.Fprintln(os.Stderr, "segmentation fault (pretend)")
			os.Exit(139)
			return nil, nil
		}),
		op("hang", func(int64) (any, error) {
			for {
				time.Sleep(time.Hour)
			}
		}),
		op("noisy", func(int64) (any, error) {
			fmt.Println("debug: got here")
			return nil, nil
		}),
	)
}

// op is an operator of one int parameter x.
func op(name string, f func(int64) (any, error)) plugin.Op {
	return plugin.Op{
		Name: name, Result: "any",
		Params: []plugin.Param{{Name: "x", Type: "int", Required: true}},
		Func:   func(_ context.Context, a plugin.Args) (any, error) { return f(a.Int("x")) },
	}
}
