package optimize

import (
	"strings"
	"testing"

	"github.com/flowspec/flowspec/builtins"
	"github.com/flowspec/flowspec/compiler"
	"github.com/flowspec/flowspec/operator"
	"github.com/flowspec/flowspec/value"
)

// foreignOps stands in for pyfunc: py:t.NAME is a foreign operator of
// params, marked pure and batchable when NAME starts with "marked".
type foreignOps struct{}

func (foreignOps) Op(name string) (*operator.Op, error) {
	marked := strings.HasPrefix(name, "py:t.marked")
	params := []operator.Param{{Name: "x", Type: value.Any, Required: true}}
	if strings.HasSuffix(name, "add") {
		params = append(params, operator.Param{Name: "y", Type: value.Any, Required: true})
	}
	return &operator.Op{Name: name, Params: params, Result: value.Any, Foreign: true, Pure: marked, Cheap: marked}, nil
}

func (foreignOps) Near(string) []string { return nil }

// tutorialGraph is bench/tutorial-batchable.yaml's shape with functions
// py:t.<prefix>inc, dec and add: incs[i], decs[i] -> adds[i] -> total.
func tutorialGraph(t *testing.T, n int, prefix string) (*compiler.Graph, *operator.Registry) {
	reg, err := builtins.All()
	if err != nil {
		t.Fatal(err)
	}
	reg.Provide("py:", foreignOps{})
	b := &builder{g: &compiler.Graph{Flow: "test"}, reg: reg}
	op := func(s string) string { return "py:t." + prefix + s }
	incs := b.group("incs", op("inc"), n, func(e int) []compiler.Arg { return []compiler.Arg{num(int64(e))} })
	decs := b.group("decs", op("dec"), n, func(e int) []compiler.Arg { return []compiler.Arg{num(int64(e))} })
	adds := b.group("adds", op("add"), n, func(e int) []compiler.Arg { return []compiler.Arg{b.elem(incs, e), b.elem(decs, e)} })
	total := b.group("total", "sum", -1, func(int) []compiler.Arg { return []compiler.Arg{b.all(adds)} })
	b.output("total", b.elem(total, 0))
	return b.g, reg
}

// TestFuseMarkedForeignOperators checks that functions marked pure and
// batchable fuse into one composite that then batches, as built-ins do,
// and that unmarked ones neither fuse nor batch.
func TestFuseMarkedForeignOperators(t *testing.T) {
	const n = 10000
	g, reg := tutorialGraph(t, n, "marked")
	out, _ := optimized(t, g, reg, Options{Threads: 2})
	if len(out.Groups) != 3 || len(out.Tasks) > 20 {
		t.Errorf("marked: %d tasks in %d groups, want incs and decs fused into adds, batched (at most 20 tasks)", len(out.Tasks), len(out.Groups))
	}
	if grp := out.Groups[0]; grp.Name != "adds" || grp.Op != "fused_markedadd_markedinc_markeddec" || grp.Stride == 0 {
		t.Errorf("marked: first group %s (%s, stride %d), want adds, fused and batched", grp.Name, grp.Op, grp.Stride)
	}
	g, reg = tutorialGraph(t, n, "")
	out, _ = optimized(t, g, reg, Options{Threads: 2})
	if len(out.Tasks) != 3*n+1 {
		t.Errorf("unmarked: %d tasks, want %d: an unmarked function is never fused nor batched", len(out.Tasks), 3*n+1)
	}
}
