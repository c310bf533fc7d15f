package compiler

import (
	"strings"
	"testing"

	"github.com/flowspec/flowspec/spec"
)

// TestProductSizeOverflow: four lists of 65536 elements make 2^64
// combinations, which wrapped to 0 and compiled a task with no elements;
// the size is checked with overflow detection and refused.
func TestProductSizeOverflow(t *testing.T) {
	c := &compilation{opts: &Config{}, g: &Graph{}}
	srcs := make([]source, 4)
	for i := range srcs {
		srcs[i].items = make([]Arg, 1<<16)
	}
	task := &spec.Task{Name: "grid"}
	if n, ok := c.productSize(task, srcs); ok {
		t.Fatalf("productSize = %d, ok; want it refused", n)
	}
	msg := c.diags[0].Message
	if !strings.Contains(msg, "65536 × 65536 × 65536 × 65536 elements, past any count") || !strings.Contains(msg, "limit of 1000000 tasks") {
		t.Fatalf("message = %q", msg)
	}
}

// TestTaskBudgetCountsTheWholeGraph: the budget is for the flow, so the
// elements of a second mapped task count on top of the first's.
func TestTaskBudgetCountsTheWholeGraph(t *testing.T) {
	c := &compilation{opts: &Config{MaxTasks: 10}, g: &Graph{Tasks: make([]Task, 8)}}
	task := &spec.Task{Name: "more"}
	if c.fits(task, spec.Range{}, "map: x has 3 elements", 3) {
		t.Fatal("8 tasks plus 3 fit a budget of 10")
	}
	if !c.fits(task, spec.Range{}, "map: x has 2 elements", 2) {
		t.Fatal("8 tasks plus 2 do not fit a budget of 10")
	}
}
