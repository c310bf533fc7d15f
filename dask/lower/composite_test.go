package lower

import (
	"context"
	"encoding/json"
	"math"
	"os/exec"
	"strings"
	"testing"

	"github.com/flowspec/flowspec/builtins"
	"github.com/flowspec/flowspec/compiler"
	"github.com/flowspec/flowspec/compiler/optimize"
	"github.com/flowspec/flowspec/operator"
	"github.com/flowspec/flowspec/runtime"
)

// fusedSeed is the seed flow with one element, inc and dec fused into add.
func fusedSeed(t *testing.T) (*compiler.Graph, *operator.Registry) {
	t.Helper()
	c := func(v any) compiler.Arg { return compiler.Arg{Kind: compiler.Const, Value: v} }
	r := func(i int32) compiler.Arg { return compiler.Arg{Kind: compiler.Ref, Ref: i} }
	g := &compiler.Graph{Flow: "test",
		Groups: []*compiler.Group{{Name: "inc", Op: "inc", Size: 1, First: 0}, {Name: "dec", Op: "dec", Size: 1, First: 1}, {Name: "add", Op: "add", Size: 1, First: 2}},
		Tasks: []compiler.Task{{Group: 0, Index: -1, Args: []compiler.Arg{c(int64(0)), c(0.0)}}, {Group: 1, Index: -1, Args: []compiler.Arg{c(int64(0)), c(0.0)}},
			{Group: 2, Index: -1, Args: []compiler.Arg{r(0), r(1), c(0.0)}, Deps: []int32{0, 1}}},
		Outputs: []compiler.Output{{Name: "add", Value: r(2)}},
	}
	reg := builtins.Default()
	out, _, err := optimize.Run(g, reg, optimize.Options{Level: optimize.LevelNone, Passes: map[string]bool{"fuse": true}})
	if err != nil {
		t.Fatal(err)
	}
	return out, reg
}

// TestFusePythonTwinAgrees runs the composite's Python source in python3
// and compares it with the Go implementation, for a value and an error.
func TestFusePythonTwinAgrees(t *testing.T) {
	out, reg := fusedSeed(t)
	op, err := runtime.Op(out, reg, out.Groups[0].Op)
	if err != nil {
		t.Fatal(err)
	}
	py, _ := Op(out, reg, out.Groups[0].Op)
	if op.Name != "fused_add_inc_dec" {
		t.Fatalf("composite %q, want fused_add_inc_dec", op.Name)
	}
	var names []string
	for _, p := range op.Params {
		names = append(names, p.Name)
	}
	if got := strings.Join(names, ","); got != "x_x,x_delay,y_x,y_delay,delay" {
		t.Errorf("parameters %s", got)
	}
	goVal, _ := op.Go(context.Background(), []any{int64(5), 0.0, int64(7), 0.0, 0.0})
	if goVal != int64(12) {
		t.Fatalf("Go: %v, want 12", goVal)
	}
	script := py.Python + `
import json
print(json.dumps(fused_add_inc_dec(5, 0.0, 7, 0.0, 0.0)))
try:
    fused_add_inc_dec(9223372036854775807, 0.0, 7, 0.0, 0.0)
except Exception as e:
    print(json.dumps(type(e).__name__ + ": " + str(e)))
`
	cmd := exec.Command("python3", "-c", script)
	raw, err := cmd.CombinedOutput()
	if err != nil {
		t.Fatalf("python3: %v\n%s", err, raw)
	}
	lines := strings.Split(strings.TrimSpace(string(raw)), "\n")
	var val int64
	var msg string
	if len(lines) != 2 || json.Unmarshal([]byte(lines[0]), &val) != nil || json.Unmarshal([]byte(lines[1]), &msg) != nil {
		t.Fatalf("python3 printed %q", raw)
	}
	_, goErr := op.Go(context.Background(), []any{int64(math.MaxInt64), 0.0, int64(7), 0.0, 0.0})
	if val != 12 || msg != "OverflowError: "+goErr.Error() {
		t.Errorf("python: %d, %q; Go: 12, %q", val, msg, goErr)
	}
}
