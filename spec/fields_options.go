package spec

import (
	"reflect"

	"go.yaml.in/yaml/v3"
)

// Options are the per-task execution settings that `defaults:` can also set.
// Pointers and zero values mean "not set here", so defaults can be merged in.
// Each field is declared in optionsDef below, which decodes and merges it;
// the compiler copies every set option to the Graph's group by name.
type Options struct {
	Retries    *int
	RetryDelay *Duration
	Backoff    *float64 // multiplier applied to RetryDelay after each attempt
	Timeout    *Duration
	Trigger    Trigger
	Priority   *int
	Resources  map[string]float64
	Workers    []string
	Idempotent *bool
	Batch      *Batch
}

// Batch asks the optimizer to run a mapped task as partitions of N elements;
// Auto sizes N from the executor's threads.
type Batch struct {
	Size int
	Auto bool
}

// Merge returns o with every unset field taken from d (the flow's defaults).
func (o Options) Merge(d Options) Options {
	for _, f := range optionsDef.Fields {
		f.inherit(&o, &d)
	}
	return o
}

// optionsDef declares the execution options: the fields of defaults:, which
// every task accepts too (taskDef shares them).
var optionsDef = Definition("options", "Task options", "Execution settings of a task; defaults: sets them for every task.", KindMapping).
	Strict().With(
	option(Integer("retries", "Retries", "How many times a failed task is run again before it fails for good.").AtLeast(0).AtMost(MaxRetries, retriesWhy).WithDefault("0"),
		func(o *Options) **int { return &o.Retries }, ptr(within(readInt, 0, MaxRetries))),
	option(Of("retry_delay", "Retry delay", "How long to wait before a retry: 500ms, 30s, 5m, 1h30m, 2d or a number of seconds.", durationDef).WithDefault("0s"),
		func(o *Options) **Duration { return &o.RetryDelay }, readDuration),
	option(Number("backoff", "Backoff", "Multiplier applied to retry_delay after each attempt (2 doubles it).").AtLeast(1).AtMost(MaxBackoff, backoffWhy).WithDefault("1"),
		func(o *Options) **float64 { return &o.Backoff }, ptr(within(readFloat, 1, MaxBackoff))),
	option(Of("timeout", "Timeout", "How long one attempt may run before it is cancelled and counts as failed.", durationDef).WithDefault("none"),
		func(o *Options) **Duration { return &o.Timeout }, readDuration),
	option(Text("trigger", "Trigger", "When the task runs given its upstream tasks' states: all_success (default), all_done (even if some failed) or any_failed (clean-up and alerts).").
		OneOf(string(AllSuccess), string(AllDone), string(AnyFailed)).WithDefault(string(AllSuccess)),
		func(o *Options) *Trigger { return &o.Trigger }, readTrigger),
	option(Integer("priority", "Priority", "Higher runs first when tasks wait for a worker; passed to Dask as the task priority.").WithDefault("0"),
		func(o *Options) **int { return &o.Priority }, ptr(readInt)),
	option(Mapping("resources", "Resources", "Abstract resources one element needs, e.g. {GPU: 1, memory: 4e9}; Dask schedules it only on workers that offer them.").
		ValuesAre(Number("", "", "").AtLeast(0)),
		func(o *Options) *map[string]float64 { return &o.Resources }, readResources),
	option(Text("workers", "Workers", "Dask worker addresses or names allowed to run the task: one or a list.").
		OfKinds(KindString, KindList).ListOf(Text("", "", "")),
		func(o *Options) *[]string { return &o.Workers }, readNames),
	option(Boolean("idempotent", "Idempotent", "The task may safely run twice (for example after a worker is lost); flowspec then retries it without counting an attempt.").WithDefault("true"),
		func(o *Options) **bool { return &o.Idempotent }, ptr(readBool)),
	option(Integer("batch", "Batch", "Run a mapped task as partitions of N elements, or auto to size them from the executor's threads, to cut per-task overhead.").
		OfKinds(KindInt, KindString).AtLeast(1).Matching("^auto$", "batch is a number of elements or auto"),
		func(o *Options) **Batch { return &o.Batch }, readBatch),
)

// durationDef is a time span, as every duration field takes it.
var durationDef = Definition("duration", "Duration", "A time span: 500ms, 30s, 5m, 1h30m, 2d or a number of seconds; at most 365d.", KindString, KindNumber).
	AtLeast(0).AtMost(MaxDuration.Seconds(), durationWhy)

// The upper limits of the options, each with its reason.
const (
	// MaxRetries bounds retries: a task that failed a hundred times is
	// failing for good, and each retry holds a worker.
	MaxRetries = 100
	// MaxBackoff bounds the factor applied to retry_delay per attempt.
	MaxBackoff = 10

	retriesWhy  = "a task that failed 100 times is failing for good; to try again later, use a schedule"
	backoffWhy  = "a larger factor makes later retries wait longer than any run lasts; raise retry_delay instead"
	durationWhy = "no run, delay or interval needs longer, and a longer timeout is no limit at all (leave timeout unset for none)"
)

// option binds an execution option to its place in Options: it decodes
// there, and Merge takes it from defaults: when a task leaves it unset.
func option[V any](f *Field, get func(*Options) *V, read reader[V]) *Field {
	f.decode = into(get, read)
	f.inherit = func(dst, src any) {
		if p := get(dst.(*Options)); reflect.ValueOf(p).Elem().IsZero() {
			*p = *get(src.(*Options))
		}
	}
	return f
}

// readTrigger reads one of the three triggers.
func readTrigger(d *decoder, n *yaml.Node) (Trigger, bool) {
	t := Trigger(d.text(n))
	return t, t == AllSuccess || t == AllDone || t == AnyFailed
}

// readResources reads the numeric values of a resources mapping.
func readResources(d *decoder, n *yaml.Node) (map[string]float64, bool) {
	if n.Kind != yaml.MappingNode {
		return nil, false
	}
	out := map[string]float64{}
	for _, p := range pairs(n) {
		if f, ok := d.float(p.Value); ok {
			out[keyString(p.Key)] = f
		}
	}
	return out, true
}

// readBatch reads a partition size or auto.
func readBatch(d *decoder, n *yaml.Node) (*Batch, bool) {
	if i, ok := d.int(n); ok && i >= 1 {
		return &Batch{Size: i}, true
	}
	if d.text(n) == "auto" {
		return &Batch{Auto: true}, true
	}
	return nil, false
}
