package compiler

import (
	"context"
	"encoding/json"
	"math"
	"os/exec"
	"strings"
	"testing"
)

// TestFuseErrorNamesInnerOperator checks that a failure inside a fused
// element names the inner operator, and the task key the element.
func TestFuseErrorNamesInnerOperator(t *testing.T) {
	g, reg := seedGraph(t, 3)
	g.Tasks[1].Args = []Arg{num(math.MaxInt64), zeroDelay()} // inc[1] overflows
	out, _ := optimized(t, g, reg, only("fuse"))
	op, _ := out.Op(reg, out.Groups[0].Op)
	task := &out.Tasks[1]
	_, err := op.Go(context.Background(), resolveConsts(t, task))
	want := "inc: integer overflow in inc: 9223372036854775807 + 1"
	if err == nil || err.Error() != want {
		t.Fatalf("error %v, want %q", err, want)
	}
	if key := out.Key(1).String(); key != "add[1]" {
		t.Errorf("key %s, want add[1]", key)
	}
}

func resolveConsts(t *testing.T, task *Task) []any {
	args := make([]any, len(task.Args))
	for k, a := range task.Args {
		if a.Kind != Const {
			t.Fatalf("argument %d is not a constant", k)
		}
		args[k] = a.Value
	}
	return args
}

// TestFusePythonTwinAgrees runs the composite's Python source in python3
// and compares it with the Go implementation, for a value and an error.
func TestFusePythonTwinAgrees(t *testing.T) {
	g, reg := seedGraph(t, 1)
	out, _ := optimized(t, g, reg, only("fuse"))
	op, _ := out.Op(reg, out.Groups[0].Op)
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
	script := op.Python + `
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

// TestFuseRespectsOptions checks that options whose meaning fusion would
// change stop it, and that a pure producer joins a retrying consumer.
func TestFuseRespectsOptions(t *testing.T) {
	cases := []struct {
		name string
		set  func(prod, cons *Options)
		fuse bool
	}{
		{"plain", func(p, c *Options) {}, true},
		{"consumer retries", func(p, c *Options) { c.Retries = 2 }, true},
		{"producer retries", func(p, c *Options) { p.Retries = 2 }, false},
		{"timeout", func(p, c *Options) { c.Timeout = 1e9 }, false},
		{"when", func(p, c *Options) { p.When = &Arg{Kind: Const, Value: true} }, false},
		{"trigger", func(p, c *Options) { c.Trigger = TriggerAllDone }, false},
		{"priority", func(p, c *Options) { p.Priority = 3 }, false},
	}
	effects := []struct {
		name string
		set  func(prod, cons *Options)
		fuse bool
	}{
		{"effects", func(p, c *Options) {}, true},
		{"effects, both retry", func(p, c *Options) { p.Retries, c.Retries = 1, 1 }, false},
	}
	for _, tc := range cases {
		b := newBuilder(t)
		x := b.group("x", "inc", -1, func(int) []Arg { return []Arg{num(1), zeroDelay()} })
		y := b.group("y", "neg", -1, func(int) []Arg { return []Arg{b.elem(x, 0)} })
		b.output("y", b.elem(y, 0))
		tc.set(&b.g.Groups[x].Options, &b.g.Groups[y].Options)
		out, _ := optimized(t, b.g, b.reg, only("fuse"))
		if fused := len(out.Groups) == 1; fused != tc.fuse {
			t.Errorf("%s: fused %v, want %v", tc.name, fused, tc.fuse)
		}
	}
	for _, tc := range effects {
		b := newBuilder(t)
		x := b.group("x", "fail", -1, func(int) []Arg { return []Arg{{Kind: Const, Value: "boom"}} })
		y := b.group("y", "identity", -1, func(int) []Arg { return []Arg{b.elem(x, 0)} })
		b.output("y", b.elem(y, 0))
		tc.set(&b.g.Groups[x].Options, &b.g.Groups[y].Options)
		out, _ := optimized(t, b.g, b.reg, only("fuse"))
		if fused := len(out.Groups) == 1; fused != tc.fuse {
			t.Errorf("%s: fused %v, want %v", tc.name, fused, tc.fuse)
		}
	}
}

// TestFuseChain checks that a chain of single-reader tasks becomes one
// task with a flat composite name, and that a shared producer is not fused.
func TestFuseChain(t *testing.T) {
	b := newBuilder(t)
	a := b.group("a", "inc", 4, func(e int) []Arg { return []Arg{num(int64(e)), zeroDelay()} })
	c := b.group("c", "neg", 4, func(e int) []Arg { return []Arg{b.elem(a, e)} })
	d := b.group("d", "dec", 4, func(e int) []Arg { return []Arg{b.elem(c, e), zeroDelay()} })
	shared := b.group("s", "inc", -1, func(int) []Arg { return []Arg{num(1), zeroDelay()} })
	u := b.group("u", "neg", -1, func(int) []Arg { return []Arg{b.elem(shared, 0)} })
	v := b.group("v", "add", -1, func(int) []Arg { return []Arg{b.elem(shared, 0), b.elem(u, 0), zeroDelay()} })
	b.output("d", b.all(d))
	b.output("v", b.elem(v, 0))
	out, _ := optimized(t, b.g, b.reg, only("fuse"))
	var got []string
	for _, grp := range out.Groups {
		got = append(got, grp.Name+":"+grp.Op)
	}
	if s := strings.Join(got, " "); s != "d:fused_dec_neg_inc s:inc v:fused_add_neg" {
		t.Errorf("groups %s", s)
	}
	sameOutputs(t, evalGraph(t, out, b.reg), evalGraph(t, b.g, b.reg), false)
}

// TestFuseKeepsExprTasks checks that expr tasks, whose source the Dask
// lowering translates per task, are fused neither into their reader nor
// with their producers.
func TestFuseKeepsExprTasks(t *testing.T) {
	b := newBuilder(t)
	src := Arg{Kind: Const, Value: "x + 1"}
	x := b.group("x", "inc", -1, func(int) []Arg { return []Arg{num(1), zeroDelay()} })
	e := b.group("e", "expr", -1, func(int) []Arg {
		return []Arg{src, {Kind: Map, Names: []string{"x"}, Items: []Arg{b.elem(x, 0)}}}
	})
	y := b.group("y", "neg", -1, func(int) []Arg { return []Arg{b.elem(e, 0)} })
	b.output("y", b.elem(y, 0))
	out, _ := optimized(t, b.g, b.reg, only("fuse"))
	if got := namesOf(out); len(got) != 3 {
		t.Errorf("groups %v, want x, e, y unfused", got)
	}
}
