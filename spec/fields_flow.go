package spec

import "go.yaml.in/yaml/v3"

// This file and the other fields_*.go files are the flow format's field
// table: every field a flow file may hold is declared here once. The schema
// (schemas/flowspec.schema.json, regenerated with go test ./spec -run
// TestSchemaOps -update), the decoder and the explainer's wording follow.

// identifierDef is what a name of a param, task or env variable must be.
var identifierDef = Definition("identifier", "Name",
	"Letters, digits and underscores, not starting with a digit, so expressions can read it as NAMESPACE.NAME.", KindString).
	Matching("^[A-Za-z_][A-Za-z0-9_]*$", "names are letters, digits and underscores, not starting with a digit, so expressions can read them")

// flowFields is the top level of a flow file.
var flowFields = Mapping("", "flowspec flow",
	"A workflow for flowspec: parameters, tasks (built-in or plugin operators, mapped fan-outs, reductions), outputs, an executor and an optional schedule. Values may hold ${{ expressions }} over params, tasks, env, flow and index.",
	Integer("version", "Language version", "The flowspec language version this file is written in. Must be 1.").
		Exactly(SupportedVersion).Need("add version: 1 at the top of the file").
		Decodes(into(func(f *Flow) *int { return &f.Version }, always((*decoder).version))),
	Text("name", "Flow name", "A short name shown in logs, the run summary and the Dask dashboard.").NotEmpty().
		Decodes(into(func(f *Flow) *string { return &f.Name }, readText)),
	Text("description", "Description", "What the flow does, in a sentence or two.").
		Decodes(into(func(f *Flow) *string { return &f.Description }, readText)),
	Mapping("params", "Parameters",
		"Named inputs of the flow, read as ${{ params.NAME }}. Write a bare default (n: 100), nothing for a required parameter (n:), or the long form {type, default, description}.").
		KeysAre(identifierDef).ValuesAre(paramDef).Entries("param").
		Decodes(into(func(f *Flow) *[]Param { return &f.Params }, always((*decoder).params))),
	Mapping("env", "Environment variables",
		"The environment variables the flow reads as ${{ env.NAME }}: a list of names (each required), or a mapping from name to a default used when the variable is unset. Undeclared variables are invisible to expressions.").
		OfKinds(KindList, KindMapping).ListOf(identifierDef).KeysAre(identifierDef).
		ValuesAre(newField("", "Default", "The value used when the variable is unset; null means the variable is required.", KindString, KindNumber, KindBool, KindNull)).
		Decodes(into(func(f *Flow) *[]EnvVar { return &f.Env }, always((*decoder).env))),
	Mapping("tasks", "Tasks",
		"The flow's tasks by name. A task runs one operator; it reads other tasks' results as ${{ tasks.NAME }}, which orders it after them.").
		Need("add tasks: with at least one task").Sized(1, 0, "a flow needs at least one task").
		KeysAre(identifierDef).ValuesAre(taskDef).Entries("task").
		Decodes(into(func(f *Flow) *[]*Task { return &f.Tasks }, always((*decoder).tasks))),
	Mapping("outputs", "Outputs",
		"Values reported when the flow finishes, by name; usually ${{ tasks.NAME }} or a string interpolating several results.").
		ValuesAre(AnyValue("", "Output value", "A literal or ${{ expression }}; a string may interpolate several.")).
		Decodes(into(func(f *Flow) *[]Output { return &f.Outputs }, always((*decoder).outputs))),
	Of("defaults", "Task defaults", "Options every task starts from; a task's own setting wins.", optionsDef).
		Decodes(into(func(f *Flow) *Options { return &f.Defaults }, readMapping[Options](optionsDef))),
	Of("executor", "", "", executorDef).
		Decodes(into(func(f *Flow) **Executor { return &f.Executor }, always((*decoder).executor))),
	block(Mapping("python", "Python",
		"Where tasks written op: py:MODULE.FUNCTION find their modules, and which interpreter runs them (--python and FLOWSPEC_PYTHON override it).",
		pythonFields...).Strict(),
		func(f *Flow) **Python { return &f.Python },
		func(d *decoder, n *yaml.Node) *Python { return &Python{Range: RangeOf(d.file, n)} }),
	Mapping("plugins", "Plugins",
		"The plugins the flow uses, by namespace: an executable that adds operators written NAMESPACE.OP (geo: ./bin/flowspec-geo gives geo.area). Paths are relative to the flow file; a namespace not listed is looked up on PATH as flowspec-plugin-NAMESPACE.").
		KeysAre(identifierDef).ValuesAre(Text("", "Plugin executable", "The plugin's executable: a path relative to the flow file, or absolute.").NotEmpty()).
		Decodes(into(func(f *Flow) *[]Plugin { return &f.Plugins }, always((*decoder).plugins))),
	Of("schedule", "", "", scheduleDef).
		Decodes(into(func(f *Flow) **Schedule { return &f.Schedule }, always((*decoder).schedule))),
	block(Mapping("retention", "Run retention",
		"How many of this flow's runs the run store keeps: after each run, older ones beyond these limits are deleted with the results only they kept (flowspec runs prune does the same by hand).",
		retentionFields...).Strict(),
		func(f *Flow) **Retention { return &f.Retention },
		func(d *decoder, n *yaml.Node) *Retention { return &Retention{Range: RangeOf(d.file, n)} }),
).Strict()

// retentionFields are the settings of retention:.
var retentionFields = []*Field{
	Integer("keep", "Keep", "Keep this flow's newest N runs.").AtLeast(1).
		Decodes(into(func(r *Retention) **int { return &r.Keep }, ptr(readInt))),
	Of("older", "Older than", "Delete this flow's runs that started longer ago than this: 30d, 12h.", durationDef).
		Decodes(into(func(r *Retention) **Duration { return &r.Older }, readDuration)),
}

// paramDef is one entry of params:, short or long form.
var paramDef = Definition("param", "Parameter",
	"A bare default value (n: 100), nothing for a required parameter, or {type, default, description}. A mapping default needs the long form: {default: {...}}.",
	KindMapping, KindList, KindString, KindNumber, KindBool, KindNull).Strict().
	OnUnknown("a mapping here is the long form {type, default, description}; write a mapping default as {default: {...}}").
	With(
		AnyValue("type", "Type", "The parameter's type; values given on the command line are converted to it.").
			OneOf("int", "float", "number", "string", "bool", "list", "map").
			Decodes(into(func(p *Param) *string { return &p.Type }, readText)),
		AnyValue("default", "Default", "The value used when the parameter is not given; without one the parameter is required.").
			Decodes(into(func(p *Param) *Value { return &p.Default }, readPresent)),
		Text("description", "Description", "What the parameter means, shown by flowspec run --help-params.").
			Decodes(into(func(p *Param) *string { return &p.Description }, readText)),
	)

// taskDef is one entry of tasks:; the execution options are shared with
// defaults: (optionsDef).
var taskDef = Definition("task", "Task",
	"One step of the flow: an operator and its arguments. With map: it fans out, one element per item of its lists.", KindMapping).
	Strict().With(
	Text("op", "Operator", "The operator this task runs: a built-in (flowspec ops lists them with their parameters); py:MODULE.FUNCTION, a Python function; or NAMESPACE.OPERATOR, a plugin's operator.").
		Need("name the operator to run, e.g. op: inc (flowspec ops lists them)").
		Either(operatorsDef, Text("", "Python function or plugin operator", "py:MODULE.FUNCTION runs a Python function (the module beside the flow, on python: path, or installed); NAMESPACE.OPERATOR runs a plugin's operator (the executable under plugins:, or flowspec-plugin-NAMESPACE on PATH).").
			Matching(namespacedOp, "a built-in operator (flowspec ops lists them), py:MODULE.FUNCTION or a plugin's NAMESPACE.OPERATOR")).
		Decodes(func(d *decoder, n *yaml.Node, dst any) {
			t := dst.(*Task)
			t.Op, t.OpRange = d.text(n), RangeOf(d.file, n)
		}),
	Mapping("with", "Arguments", "Operator arguments that are the same for every element of a mapped task (Prefect's unmapped).").
		ValuesAre(AnyValue("", "Argument", "A literal or a ${{ expression }}.")).
		Decodes(into(func(t *Task) *[]Arg { return &t.With }, readArgs)),
	Mapping("map", "Mapped arguments", "Operator arguments iterated element by element. Each must be a list; the lists are zipped (equal lengths) unless product: true.").
		ValuesAre(AnyValue("", "Mapped argument", "A list, or a ${{ expression }} that yields one.")).
		Decodes(into(func(t *Task) *[]Arg { return &t.Map }, readArgs)),
	Boolean("product", "Cross product", "Cross the map: lists (every combination) instead of zipping them.").WithDefault("false").
		Decodes(into(func(t *Task) *bool { return &t.Product }, readBool)),
	Boolean("flatten", "Flatten", "Flatten one level of nesting in each map: list before iterating, e.g. to map over the results of a mapped task that returns lists.").WithDefault("false").
		Decodes(into(func(t *Task) *bool { return &t.Flatten }, readBool)),
	block(Mapping("cache", "Cache", "Reuse an element's stored result, from any earlier run, when the operator, its arguments and key are the same and the result is younger than ttl; the run log and flowspec runs show say which elements came from the cache.", cacheFields...).Strict(),
		func(t *Task) **Cache { return &t.Cache },
		func(d *decoder, n *yaml.Node) *Cache { return &Cache{Range: RangeOf(d.file, n)} }),
	Boolean("persist", "Persist", "Keep each element's result in the run store, so `flowspec run --resume` reuses it instead of running the element again.").WithDefault("false").
		Decodes(into(func(t *Task) *bool { return &t.Persist }, readBool)),
	Text("after", "After", "Tasks that must finish first although this task does not read their results: a name or a list of names.").
		OfKinds(KindString, KindList).ListOf(Text("", "", "")).
		Decodes(into(func(t *Task) *[]Ref { return &t.After }, readRefs)),
	AnyValue("when", "When", "Run the task only if this is true, e.g. ${{ params.publish }}; otherwise it is skipped.").
		OfKinds(KindBool, KindString).
		Decodes(into(func(t *Task) *Value { return &t.When }, readValue)),
).Share(optionsDef, func(t any) any { return &t.(*Task).Options })

// namespacedOp is what an operator name outside the built-ins looks like:
// py:MODULE.FUNCTION (the module may be dotted) or a plugin's
// NAMESPACE.OPERATOR. The schema offers it beside the built-ins' enum, so
// an editor flags a misspelt built-in instead of taking it for a plugin.
const namespacedOp = `^(py:)?[A-Za-z_][A-Za-z0-9_]*(\.[A-Za-z_][A-Za-z0-9_]*)+$`

// operatorsDef is the enum of built-in operators; GenerateSchema fills it
// from the operator registry.
var operatorsDef = Definition("operators", "Built-in operator",
	"Generated from the operator registry; run go test ./spec -run TestSchemaOps -update after changing it.")

// pythonFields are the fields of python:.
var pythonFields = []*Field{
	Text("path", "Module search path",
		"Directories searched for modules before the installed packages, relative to the flow file: one or a list.").
		OfKinds(KindString, KindList).ListOf(Text("", "Directory", "A directory, relative to the flow file.")).
		WithDefault("the flow file's directory").
		Decodes(into(func(p *Python) *[]string { return &p.Path }, readNames)),
	Text("interpreter", "Interpreter",
		"The Python that runs the functions in-process and checks them at validate time: a command on PATH or a path (relative to the flow file).").
		WithDefault("python3").NotEmpty().
		Decodes(into(func(p *Python) *string { return &p.Interpreter }, readText)),
}

// cacheFields are the settings of a task's cache: block.
var cacheFields = []*Field{
	AnyValue("key", "Cache key", "What else the result depends on besides the operator and its arguments, e.g. ${{ params.day }}; it may read params and index, not task results.").
		Need("add key:, e.g. key: ${{ params.day }}").
		Decodes(into(func(c *Cache) *Value { return &c.Key }, readValue)),
	Of("ttl", "Time to live", "How old a cached result may be: 30m, 1h, 7d; absent means no limit.", durationDef).
		Decodes(into(func(c *Cache) **Duration { return &c.TTL }, readDuration)),
}
