package flowspec_test

import (
	"context"
	"os"
	"path/filepath"
	"testing"

	"github.com/flowspec/flowspec"
	"github.com/flowspec/flowspec/builtins"
	"github.com/flowspec/flowspec/compiler"
	"github.com/flowspec/flowspec/compiler/optimize"
	"github.com/flowspec/flowspec/operator"
	"github.com/flowspec/flowspec/runtime"
	"github.com/flowspec/flowspec/value"
)

// TestFacadeRegistryReachesEveryStage: an operator a library user registers
// is known to Load, Compile, Optimize (which fuses it into a chain by its
// own purity) and the executor, so a flow using it runs end to end.
func TestFacadeRegistryReachesEveryStage(t *testing.T) {
	reg, err := builtins.All()
	if err != nil {
		t.Fatal(err)
	}
	triple := &operator.Op{
		Name:   "triple",
		Doc:    "Returns x times three.",
		Params: []operator.Param{{Name: "x", Type: value.Int, Required: true, Doc: "the number"}},
		Result: value.Int,
		Pure:   true,
		Go: func(_ context.Context, args []any) (any, error) {
			return args[0].(int64) * 3, nil
		},
	}
	if err := reg.Register(triple); err != nil {
		t.Fatal(err)
	}
	file := filepath.Join(t.TempDir(), "flow.yaml")
	flow := "version: 1\nname: own-op\ntasks:\n" +
		"  t:\n    op: triple\n    map:\n      x: ${{ range(4) }}\n" +
		"  i:\n    op: inc\n    map:\n      x: ${{ tasks.t }}\n" +
		"  total:\n    op: sum\n    with:\n      values: ${{ tasks.i }}\n" +
		"outputs:\n  total: ${{ tasks.total }}\n"
	if err := os.WriteFile(file, []byte(flow), 0o644); err != nil {
		t.Fatal(err)
	}
	f, diags := flowspec.Load(file, reg)
	if diags.HasErrors() {
		t.Fatal(diags)
	}
	g, diags := flowspec.Compile(f, compiler.Config{Registry: reg})
	if diags.HasErrors() {
		t.Fatal(diags)
	}
	og, _, err := flowspec.Optimize(g, reg, optimize.Options{Threads: 2})
	if err != nil {
		t.Fatal(err)
	}
	if len(og.Tasks) >= len(g.Tasks) {
		t.Errorf("optimized to %d tasks from %d: want triple fused with inc", len(og.Tasks), len(g.Tasks))
	}
	res, err := flowspec.Run(context.Background(), og, runtime.NewLocal(reg, 2), nil)
	if err != nil {
		t.Fatal(err)
	}
	// (0+1) + (3+1) + (6+1) + (9+1) = 22
	if len(res.Outputs) != 1 || res.Outputs[0].Value != int64(22) {
		t.Errorf("outputs %+v, want total = 22", res.Outputs)
	}
}
