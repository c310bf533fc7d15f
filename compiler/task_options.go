package compiler

import "github.com/flowspec/flowspec/spec"

// defaultOptions are the settings of a task that sets nothing.
func defaultOptions() Options {
	return Options{Backoff: 1, Trigger: TriggerAllSuccess, Idempotent: true}
}

// options merges a task's options over the flow's defaults.
func (c *compilation) options(t *spec.Task) Options {
	o := t.Options.Merge(c.flow.Defaults)
	out := defaultOptions()
	if o.Retries != nil {
		out.Retries = *o.Retries
	}
	if o.RetryDelay != nil {
		out.RetryDelay = o.RetryDelay.Duration
	}
	if o.Backoff != nil && *o.Backoff >= 1 {
		out.Backoff = *o.Backoff
	}
	if o.Timeout != nil {
		out.Timeout = o.Timeout.Duration
	}
	if o.Trigger != "" {
		out.Trigger = triggerOf(o.Trigger)
	}
	if o.Priority != nil {
		out.Priority = *o.Priority
	}
	if o.Idempotent != nil {
		out.Idempotent = *o.Idempotent
	}
	out.Resources, out.Workers = o.Resources, o.Workers
	return out
}

// batchOf is the partition size a task (or defaults:) asks the optimizer's
// batch pass for: N, BatchAuto, or 0 when not asked.
func (c *compilation) batchOf(t *spec.Task) int {
	b := t.Options.Merge(c.flow.Defaults).Batch
	switch {
	case b == nil:
		return 0
	case b.Auto:
		return BatchAuto
	}
	return b.Size
}
