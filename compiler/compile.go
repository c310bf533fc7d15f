package compiler

import (
	"math/rand/v2"
	"time"

	"github.com/flowspec/flowspec/expression"
	"github.com/flowspec/flowspec/operator"
	"github.com/flowspec/flowspec/spec"
	"github.com/flowspec/flowspec/value"
	"go.yaml.in/yaml/v3"
)

// compilation is the state of one Compile call.
type compilation struct {
	flow  *spec.Flow
	opts  *Config
	reg   *operator.Registry
	diags spec.Diagnostics
	g     *Graph
	// env is the expression environment: params, env, flow and, while a
	// mapped task's elements are compiled, index.
	env map[string]any
	// groupOf maps a YAML task name to the group holding its value.
	groupOf map[string]int32
	// exprs caches the analysis of each string node holding ${{ }}.
	exprs map[*yaml.Node]*exprInfo
	// lists caches each mapped group's list of element references: every
	// reader of a mapped task shares one (arguments are read-only).
	lists map[int32][]Arg
	// scratch collects one task's dependencies; slab holds the kept copies.
	scratch, slab []int32
	rng           *rand.Rand
	// budget bounds the compile-time expressions (see expression.Budget).
	budget *expression.Budget
	// ruleGroups counts the rule groups (Config.Lazy), which have no tasks
	// yet but count against Config.MaxTasks as one task each.
	ruleGroups int
	// lazyFailed is set when a lazy compilation met a read of a rule group
	// it cannot express; Compile then compiles the flow eagerly.
	lazyFailed bool
}

// Compile turns a checked Flow into a Graph. It evaluates everything that does
// not read task results, expands mapped tasks into elements, and turns
// references into edges. It reports every problem it finds; the Graph is nil
// when there is any error.
func Compile(f *spec.Flow, opts Config) (*Graph, spec.Diagnostics) {
	c := &compilation{
		flow:    f,
		opts:    &opts,
		reg:     opts.registry(),
		g:       &Graph{Flow: f.Name},
		groupOf: make(map[string]int32, len(f.Tasks)),
		exprs:   make(map[*yaml.Node]*exprInfo),
		lists:   make(map[int32][]Arg),
		rng:     newRand(opts.Seed),
		budget:  opts.budget(),
	}
	// params: values may be evaluated before the namespaces exist
	c.env = map[string]any{expression.BudgetVar: c.budget}
	c.env = c.baseEnv()
	c.env[expression.BudgetVar] = c.budget
	if c.diags.HasErrors() {
		return nil, c.diags.Sort()
	}
	order, ok := c.order()
	if !ok {
		return nil, c.diags.Sort()
	}
	for _, t := range order {
		if c.compileTask(t); c.lazyFailed {
			opts.Lazy = false
			return Compile(f, opts)
		}
	}
	c.compileOutputs()
	if c.diags.HasErrors() {
		return nil, c.diags.Sort()
	}
	return c.g, c.diags.Sort()
}

// newRand returns the source of rand(): seeded for reproducible compiles,
// otherwise from the clock.
func newRand(seed int64) *rand.Rand {
	if seed == 0 {
		seed = time.Now().UnixNano()
	}
	return rand.New(rand.NewPCG(uint64(seed), uint64(seed)>>1|1))
}

// baseEnv builds the namespaces every expression may read.
func (c *compilation) baseEnv() map[string]any {
	runID := c.opts.RunID
	if runID == "" {
		runID = newRunID()
	}
	when := c.opts.Scheduled
	if when.IsZero() {
		when = time.Now()
	}
	return map[string]any{
		"params": c.bindParams(),
		"env":    c.bindEnv(),
		"flow": map[string]any{
			"name":           c.flow.Name,
			"run_id":         runID,
			"scheduled_time": when.UTC().Format(time.RFC3339),
		},
	}
}

// bindEnv reads the environment variables the flow declares.
func (c *compilation) bindEnv() map[string]any {
	out := make(map[string]any, len(c.flow.Env))
	for _, e := range c.flow.Env {
		if v, ok := c.opts.lookupEnv(e.Name); ok {
			out[e.Name] = v
			continue
		}
		if e.Default.IsZero() {
			c.unsetEnv(e)
			out[e.Name] = ""
			continue
		}
		if v, ok := c.literal(e.Default); ok {
			out[e.Name] = v
		}
	}
	return out
}

// unsetEnv reports a declared variable that is unset and has no default:
// an error for a run, a warning when only checking the file.
func (c *compilation) unsetEnv(e spec.EnvVar) {
	d := spec.Diagnostic{Severity: spec.Error, Range: e.Range,
		Message: "environment variable " + e.Name + " is not set",
		Hint:    "set it in the environment or give it a default under env:"}
	if c.opts.Checking {
		d.Severity = spec.Warning
	}
	c.diags = append(c.diags, d)
}

// literal decodes a YAML value that holds no expressions.
func (c *compilation) literal(v spec.Value) (any, bool) {
	var x any
	if err := v.Node.Decode(&x); err != nil {
		c.diags.Errorf(v.Range, "", "cannot read value: %v", err)
		return nil, false
	}
	n, err := value.Normalize(x)
	if err != nil {
		c.diags.Errorf(v.Range, "", "%v", err)
		return nil, false
	}
	return n, true
}
