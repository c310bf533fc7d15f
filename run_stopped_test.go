package flowspec_test

import (
	"context"
	"errors"
	"strings"
	"testing"

	"github.com/flowspec/flowspec"
	"github.com/flowspec/flowspec/compiler"
	"github.com/flowspec/flowspec/runtime"
	"github.com/flowspec/flowspec/spec"
)

// stoppedExecutor finishes every task and then fails as a gather that was
// interrupted does: a Result with only successes, and an error.
type stoppedExecutor struct{ err error }

func (stoppedExecutor) Name() string { return "stopped" }

func (e stoppedExecutor) Run(_ context.Context, g *compiler.Graph, _ runtime.Sink) (*runtime.Result, error) {
	res := &runtime.Result{Executor: "stopped"}
	res.Counts[runtime.Success] = len(g.Tasks)
	return res, e.err
}

// TestRunStoppedIsNotOK: a run that returned an error, or whose context was
// cancelled, is not OK and says why in its JSON, even when every task it
// reached succeeded (an interrupted gather once printed "ok": true with
// exit 130).
func TestRunStoppedIsNotOK(t *testing.T) {
	g := compileText(t, "version: 1\nname: one\ntasks:\n  one:\n    op: inc\n    with:\n      x: 1\n")
	gatherErr := errors.New("gather on Dask scheduler tcp://127.0.0.1:8786: context canceled")
	res, err := flowspec.Run(context.Background(), g, stoppedExecutor{err: gatherErr}, nil)
	if err != gatherErr || res.OK() || res.JSON().OK || res.JSON().Error != gatherErr.Error() {
		t.Errorf("error returned: err %v, OK %v, JSON %+v", err, res.OK(), res.JSON())
	}
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	res, err = flowspec.Run(ctx, g, stoppedExecutor{}, nil)
	if err != nil || res.OK() || !strings.Contains(res.JSON().Error, "interrupted") {
		t.Errorf("context cancelled: err %v, OK %v, JSON %+v", err, res.OK(), res.JSON())
	}
	res, err = flowspec.Run(context.Background(), g, stoppedExecutor{}, nil)
	if err != nil || !res.OK() || res.JSON().Error != "" {
		t.Errorf("finished run: err %v, OK %v, JSON %+v", err, res.OK(), res.JSON())
	}
}

// compileText parses and compiles a flow given as text.
func compileText(t *testing.T, src string) *compiler.Graph {
	t.Helper()
	flow, diags := spec.Parse("flow.yaml", []byte(src), nil)
	if diags.HasErrors() {
		t.Fatal(diags)
	}
	g, diags := flowspec.Compile(flow, compiler.Config{})
	if diags.HasErrors() {
		t.Fatal(diags)
	}
	return g
}
