package compiler

import (
	"context"
	"os"
	"time"

	"github.com/flowspec/flowspec/builtins"
	"github.com/flowspec/flowspec/expression"
	"github.com/flowspec/flowspec/operator"
)

// Config configures one compilation.
type Config struct {
	// Registry resolves operator names; nil means builtins.Default().
	Registry *operator.Registry
	// Params overrides parameter defaults. A RawParam (from the command line)
	// is converted by the parameter's declared type or its default's type;
	// a spec.Value (a schedule clock's params:) is evaluated like any value
	// in the file; any other value is used as given.
	Params map[string]any
	// LookupEnv reads the environment for the flow's declared env variables;
	// nil means os.LookupEnv.
	LookupEnv func(string) (string, bool)
	// RunID and Scheduled fill the flow namespace (flow.run_id,
	// flow.scheduled_time); zero values mean "now" and a fresh id.
	RunID     string
	Scheduled time.Time
	// Seed makes rand() reproducible when non-zero (tests, golden graphs).
	Seed int64
	// Checking compiles only to find problems (flowspec validate): the run's
	// environment may be absent, so an unset env variable is a warning and
	// reads as "".
	Checking bool
	// MaxTasks bounds the tasks the Graph may have, checked before a mapped
	// task's elements are made; 0 means DefaultMaxTasks. A rule group
	// (Lazy) counts as one task: its elements are counted by Graph.Expand,
	// which makes them (per element or per batch) under the same limit.
	MaxTasks int
	// ExprMemory and ExprSteps bound the compile-time expressions (see
	// expression.Budget): the bytes of all the values they make, and the
	// steps of each; 0 means the expression package's defaults.
	ExprMemory, ExprSteps int64
	// Lazy keeps maps whose elements follow a rule as rule groups (see
	// Rule): the Graph then needs Graph.Expand before it runs. The
	// optimizer expands it itself; other readers must not be given one.
	Lazy bool
}

// DefaultMaxTasks is the most tasks a compiled flow may have unless
// Config.MaxTasks (flowspec's --max-tasks) says otherwise: a million
// elements keep a compile within about 1 GiB (see docs/limits.md), far past
// any fan-out one process or a Dask cluster schedules well.
const DefaultMaxTasks = 1_000_000

func (o *Config) maxTasks() int {
	if o.MaxTasks > 0 {
		return o.MaxTasks
	}
	return DefaultMaxTasks
}

// budget is the Budget of the compile-time expressions.
func (o *Config) budget() *expression.Budget {
	return expression.NewBudgetOf(context.Background(), o.ExprMemory, o.ExprSteps)
}

// RawParam is a parameter value as typed on the command line, not yet
// converted to the parameter's type.
type RawParam string

func (o *Config) registry() *operator.Registry {
	if o.Registry != nil {
		return o.Registry
	}
	return builtins.Default()
}

func (o *Config) lookupEnv(name string) (string, bool) {
	if o.LookupEnv != nil {
		return o.LookupEnv(name)
	}
	return os.LookupEnv(name)
}
