// Package flowspec is the library behind the flowspec command: it loads a flow
// file, checks it, compiles it into a task graph and runs it on an executor.
// Each step is one function, so tools can stop after any of them:
//
//	flow, diags := flowspec.Load("flow.yaml", nil)
//	graph, diags := flowspec.Compile(flow, compiler.Config{})
//	graph, explain, err := flowspec.Optimize(graph, nil, optimize.Options{})
//	result, err := flowspec.Run(ctx, graph, runtime.NewLocal(nil, 0), nil)
package flowspec

import (
	"context"
	"fmt"

	"github.com/flowspec/flowspec/builtins"
	"github.com/flowspec/flowspec/compiler"
	"github.com/flowspec/flowspec/compiler/optimize"
	"github.com/flowspec/flowspec/lint"
	"github.com/flowspec/flowspec/operator"
	"github.com/flowspec/flowspec/runtime"
	"github.com/flowspec/flowspec/spec"
)

// Load reads a flow file, checks it against the schema and the semantic rules,
// and returns it typed and positioned. reg nil means the built-in operators.
func Load(file string, reg *operator.Registry) (*spec.Flow, spec.Diagnostics) {
	return spec.Load(file, registry(reg))
}

// Validate reports every problem in a flow file: Load's checks, then the
// compiler's (map lengths, types of known values, expression errors) when
// every parameter has a value and every operator could be resolved, so
// `flowspec validate` catches what `run` would.
func Validate(file string, reg *operator.Registry) spec.Diagnostics {
	return ValidateWith(file, compiler.Config{Registry: reg})
}

// ValidateWith is Validate with the registry and the budgets (MaxTasks,
// ExprMemory, ExprSteps) of opts; its other settings are Validate's own.
func ValidateWith(file string, opts compiler.Config) spec.Diagnostics {
	return ValidateFor(file, opts, nil)
}

// ExecutorCheck reports what an executor would refuse in a compiled graph
// before running it (dask.CheckDiagnostics), given the flow it came from
// (whose executor: block may choose the executor); nil finds nothing.
type ExecutorCheck func(flow *spec.Flow, g *compiler.Graph) spec.Diagnostics

// ValidateFor is ValidateWith, then check on the compiled graph, so
// validate reports, at their YAML positions, what the chosen executor's
// run would refuse. check may be nil.
func ValidateFor(file string, opts compiler.Config, check ExecutorCheck) spec.Diagnostics {
	return validate(file, opts, check).diags
}

// ValidateAndLint is ValidateFor and, when it finds no error, Lint's
// warnings, from one read, one load and one compile of the file.
func ValidateAndLint(file string, opts compiler.Config, check ExecutorCheck, facts func(flow string) lint.Facts) spec.Diagnostics {
	src, ds := spec.Read(file)
	if ds != nil {
		return ds
	}
	if facts == nil {
		facts = func(string) lint.Facts { return lint.Facts{} }
	}
	return ValidateSource(file, src, opts, check, facts)
}

// ValidateSource is ValidateAndLint of src, the bytes of file its caller
// read already (spec.Read), so a file is read once however many times it
// is parsed. facts nil leaves the lint warnings out (ValidateFor).
func ValidateSource(file string, src []byte, opts compiler.Config, check ExecutorCheck, facts func(flow string) lint.Facts) spec.Diagnostics {
	v := validateFlow(spec.Parse(file, src, registry(opts.Registry)))
	v.compile(opts, check)
	if v.diags.HasErrors() || facts == nil {
		return v.diags
	}
	return append(v.diags, lintChecked(v.flow, v.graph, opts.Registry, facts)...).Sort()
}

// validated is what validate learnt of a file: the flow (nil when it did
// not load with errors), its graph (nil unless it compiled) and every
// diagnostic.
type validated struct {
	flow  *spec.Flow
	graph *compiler.Graph
	diags spec.Diagnostics
}

// validate loads file and, when it can be compiled without values from
// the command line, compiles it as validate does (checkCompile) and
// applies check to the graph.
func validate(file string, opts compiler.Config, check ExecutorCheck) validated {
	v := validateFlow(Load(file, opts.Registry))
	v.compile(opts, check)
	return v
}

// validateFlow is what a load found: the flow unless it has errors.
func validateFlow(flow *spec.Flow, diags spec.Diagnostics) validated {
	if diags.HasErrors() {
		return validated{diags: diags}
	}
	return validated{flow: flow, diags: diags}
}

// compile compiles a loaded flow that needs no values from the command
// line as validate does (checkCompile), and applies check to its graph.
func (v *validated) compile(opts compiler.Config, check ExecutorCheck) {
	flow := v.flow
	if flow == nil || !paramsBound(flow) || len(flow.Unchecked) > 0 {
		return
	}
	g, more := Compile(flow, checkCompile(opts))
	if !more.HasErrors() {
		v.graph = g
		if check != nil {
			more = append(more, check(flow, g)...)
		}
	}
	v.diags = append(v.diags, more...).Sort()
}

// checkCompile is the compilation validate and lint make: params at their
// defaults, rand() seeded, the environment optional (Config.Checking), the
// budgets of opts, and maps that follow a rule kept as rule groups
// (Config.Lazy), so checking a map over range(10^7) costs what checking
// one over range(10) does. A graph it makes may be lazy (Graph.Lazy).
func checkCompile(opts compiler.Config) compiler.Config {
	return compiler.Config{Registry: opts.Registry, Seed: 1, Checking: true, Lazy: true,
		MaxTasks: opts.MaxTasks, ExprMemory: opts.ExprMemory, ExprSteps: opts.ExprSteps}
}

// paramsBound reports whether every parameter has a default, so the flow can
// be compiled without command-line values.
func paramsBound(f *spec.Flow) bool {
	for _, p := range f.Params {
		if p.Default.IsZero() {
			return false
		}
	}
	return true
}

// Compile turns a checked flow into a task graph.
func Compile(flow *spec.Flow, opts compiler.Config) (*compiler.Graph, spec.Diagnostics) {
	opts.Registry = registry(opts.Registry)
	return compiler.Compile(flow, opts)
}

// Optimize runs the optimizer passes over a compiled graph (see
// optimize.Run); the result computes the same outputs with fewer tasks. reg
// must be the registry the graph was compiled with (nil means the built-in
// operators), so operators a library user registered are fused and batched
// by their own purity and cost.
func Optimize(g *compiler.Graph, reg *operator.Registry, opts optimize.Options) (*compiler.Graph, *optimize.Explain, error) {
	return optimize.Run(g, registry(reg), opts)
}

// Run runs a compiled graph on an executor, reporting task events to sink
// (which may be nil). A run that returns an error, or whose ctx was
// cancelled, did not finish as asked: its Result says so (Result.Err), so
// it is not OK even when every task it reached succeeded.
func Run(ctx context.Context, g *compiler.Graph, exec runtime.Executor, sink runtime.Sink) (*runtime.Result, error) {
	res, err := exec.Run(ctx, g, sink)
	if err == nil && res != nil && res.Err == nil && ctx.Err() != nil {
		res.Err = fmt.Errorf("the run was interrupted: %w", context.Cause(ctx))
	}
	return runtime.Stopped(res, err)
}

// registry is reg, or the built-in operators when reg is nil.
func registry(reg *operator.Registry) *operator.Registry {
	if reg != nil {
		return reg
	}
	return builtins.Default()
}

// Lint returns the warnings of lint.Rules for a flow file that loads
// without errors (nothing otherwise): what a reviewer would want to know
// though nothing is wrong. The rules that need the compiled graph run when
// every param has a default. facts, when not nil, tells what the run store
// knows of the flow named (lint.Facts).
func Lint(file string, opts compiler.Config, facts func(flow string) lint.Facts) spec.Diagnostics {
	v := validate(file, opts, nil)
	if v.flow == nil {
		return nil
	}
	return lintChecked(v.flow, v.graph, opts.Registry, facts)
}

// lintChecked runs the lint rules over a flow that loaded without errors
// and its graph (nil when it did not compile).
func lintChecked(flow *spec.Flow, g *compiler.Graph, reg *operator.Registry, facts func(flow string) lint.Facts) spec.Diagnostics {
	if facts == nil {
		facts = func(string) lint.Facts { return lint.Facts{} }
	}
	return lint.Check(flow, g, registry(reg), facts(flow.Name))
}
