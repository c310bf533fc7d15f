package compiler

import (
	"reflect"

	"github.com/flowspec/flowspec/spec"
)

// defaultOptions are the settings of a task that sets nothing.
func defaultOptions() Options {
	return Options{Backoff: 1, Trigger: TriggerAllSuccess, Idempotent: true}
}

// options merges a task's options over the flow's defaults and copies every
// option set onto the group's Options, field by name (see copyOptions), so
// an option declared in spec's field table needs no code here.
func (c *compilation) options(t *spec.Task) Options {
	out := defaultOptions()
	copyOptions(&out, t.Options.Merge(c.flow.Defaults))
	if out.Backoff < 1 {
		out.Backoff = 1
	}
	return out
}

// copyOptions sets each field of dst that src sets, matched by name: a
// pointer is followed, a spec.Duration gives its time.Duration and a
// spec.Trigger converts to the Graph's Trigger (same spelling, see
// TestTriggerSpelling). Options dst has no field for (Batch, read by batchOf) are left
// to their readers.
func copyOptions(dst *Options, src spec.Options) {
	to, from := reflect.ValueOf(dst).Elem(), reflect.ValueOf(src)
	for i := range from.NumField() {
		v := from.Field(i)
		f := to.FieldByName(from.Type().Field(i).Name)
		if v.IsZero() || !f.IsValid() {
			continue
		}
		if v.Kind() == reflect.Pointer {
			v = v.Elem()
		}
		if d, ok := v.Interface().(spec.Duration); ok {
			v = reflect.ValueOf(d.Duration)
		}
		f.Set(v.Convert(f.Type())) // TestOptionsCopiedByName checks that each one converts
	}
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
