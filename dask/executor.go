package dask

import (
	"context"
	"fmt"
	"time"

	"github.com/flowspec/flowspec/compiler"
	"github.com/flowspec/flowspec/dask/client"
	"github.com/flowspec/flowspec/dask/lower"
	"github.com/flowspec/flowspec/dask/wire"
	"github.com/flowspec/flowspec/operator"
	"github.com/flowspec/flowspec/runtime"
	"github.com/flowspec/flowspec/spec"
)

// Executor runs compiled Graphs on a Dask distributed cluster: it lowers
// the Graph to a Dask graph, submits it with every task's key, turns the
// scheduler's key-in-memory / task-erred / cancelled-keys messages into task
// events (see tracker for the mapping to runtime.Local's states), gathers the
// outputs, and releases every key when the run ends.
type Executor struct {
	// Address is the scheduler's tcp:// or tls:// address; ignored when
	// Client is set.
	Address string
	Options client.DialOptions
	// Registry resolves operators to their Python twins.
	Registry *operator.Registry
	// Client, if set, is used instead of dialling Address, and left open.
	Client *client.Client
	// Notice, if set, receives one line about a run that is no task's event
	// but that the run's log should show: a worker lost mid-run, whose
	// results Dask recomputes elsewhere.
	Notice func(msg string)
}

var _ runtime.Executor = (*Executor)(nil)

// NewExecutor returns an Executor for the resolved configuration c (see
// Resolve), whose Executor setting must be "dask"; it reads the TLS files
// (LoadTLS) unless that was done.
func NewExecutor(c *Config, reg *operator.Registry) (*Executor, error) {
	if c.Executor.Value != "dask" {
		return nil, fmt.Errorf("dask.NewExecutor: the configuration selects the %s executor", c.Executor.Value)
	}
	if err := c.LoadTLS(); err != nil {
		return nil, err
	}
	return &Executor{Address: c.Address.Value, Options: c.DialOptions(), Registry: reg}, nil
}

// Name returns "dask".
func (e *Executor) Name() string { return "dask" }

// Run runs g on the cluster. It returns an error only when the run could
// not proceed: the graph cannot run on Dask (see Check), the scheduler is
// unreachable or lost, or ctx was cancelled (then the run's keys are
// cancelled on the cluster and unfinished tasks end Cancelled).
func (e *Executor) Run(ctx context.Context, g *compiler.Graph, sink runtime.Sink) (*runtime.Result, error) {
	start := time.Now()
	if err := Check(g, e.Registry); err != nil {
		return nil, err
	}
	tr := newTracker(g, sink, runtime.BatchesFrom(ctx))
	if len(g.Tasks) == 0 {
		return e.result(g, tr, nil, start), nil
	}
	c := e.Client
	if c == nil {
		var err error
		if c, err = client.Dial(ctx, e.Address, e.Options); err != nil {
			return nil, err
		}
		defer c.Close()
	}
	l, err := lower.Lower(g, e.Registry, formOf(c.Dialect()))
	if err != nil {
		return nil, err
	}
	r := &daskRun{c: c, g: g, l: l, dialect: c.Dialect(), tr: tr, timeout: c.Timeout(), notice: e.Notice}
	values, err := r.run(ctx)
	return runtime.Stopped(e.result(g, tr, values, start), err)
}

// Check reports whether g can run on Dask with the operators of reg: every
// operator has a Python twin and every task option is supported. The CLI
// may call it to validate a flow for Dask without a cluster.
func Check(g *compiler.Graph, reg *operator.Registry) error {
	return lower.Check(g, reg)
}

// CheckDiagnostics is Check's finding as diagnostics at the YAML position
// of each task concerned (nil when g can run on Dask), for `flowspec
// validate --executor dask`.
func CheckDiagnostics(g *compiler.Graph, reg *operator.Registry) spec.Diagnostics {
	return lower.Diagnostics(Check(g, reg))
}

// ErrUnsupported matches (errors.Is) the error of Check and Run when the
// graph itself cannot run on Dask: it is bad input, not a failed run. It is
// lower.ErrUnsupported, the lowering's finding.
var ErrUnsupported = lower.ErrUnsupported

// formOf is the graph form a scheduler of dialect d takes.
func formOf(d wire.Dialect) lower.Form {
	return lower.Form{Expr: d == wire.DialectExpr, StringKeys: d.StringKeys()}
}

func (e *Executor) result(g *compiler.Graph, tr *tracker, values map[int32]any, start time.Time) *runtime.Result {
	res := &runtime.Result{
		Executor:     e.Name(),
		Outputs:      outputs(g, tr.state, values),
		Persisted:    persisted(g, values),
		ResumeInputs: resumeInputs(g, tr.state, values),
		Counts:       tr.counts,
		Errors:       tr.errors,
		Wall:         time.Since(start),
	}
	runtime.RefuseObjects(res, g)
	return res
}
