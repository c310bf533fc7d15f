package spec

import (
	"go.yaml.in/yaml/v3"
)

// options decodes `defaults:`.
func (d *decoder) options(n *yaml.Node) Options {
	var o Options
	for _, p := range pairs(n) {
		d.option(&o, p)
	}
	return o
}

// option decodes one execution option into o; other keys are ignored (the
// schema reported them).
func (d *decoder) option(o *Options, p pair) {
	v := p.Value
	switch p.Key.Value {
	case "retries":
		if i, ok := d.int(v); ok && i >= 0 {
			o.Retries = &i
		}
	case "retry_delay":
		o.RetryDelay = d.duration(v)
	case "timeout":
		o.Timeout = d.duration(v)
	case "backoff":
		if f, ok := d.float(v); ok && f >= 1 {
			o.Backoff = &f
		}
	case "trigger":
		if t := Trigger(d.text(v)); t == AllSuccess || t == AllDone || t == AnyFailed {
			o.Trigger = t
		}
	case "priority":
		if i, ok := d.int(v); ok {
			o.Priority = &i
		}
	case "idempotent":
		if b, ok := d.bool(v); ok {
			o.Idempotent = &b
		}
	case "resources":
		o.Resources = d.resources(v)
	case "workers":
		for _, s := range d.names(v) {
			o.Workers = append(o.Workers, s.Value)
		}
	case "batch":
		o.Batch = d.batch(v)
	}
}

// duration reads a duration option. Numbers below zero and values of the
// wrong kind were reported by the schema; malformed text is reported here.
func (d *decoder) duration(n *yaml.Node) *Duration {
	if n.Kind != yaml.ScalarNode {
		return nil
	}
	switch n.ShortTag() {
	case "!!int", "!!float":
		if f, ok := d.float(n); !ok || f < 0 {
			return nil
		}
	case "!!str":
	default:
		return nil
	}
	v, diag := ParseDuration(d.file, n)
	if diag != nil {
		d.ds = append(d.ds, *diag)
		return nil
	}
	return &v
}

func (d *decoder) resources(n *yaml.Node) map[string]float64 {
	if n.Kind != yaml.MappingNode {
		return nil
	}
	out := map[string]float64{}
	for _, p := range pairs(n) {
		if f, ok := d.float(p.Value); ok {
			out[keyString(p.Key)] = f
		}
	}
	return out
}

func (d *decoder) batch(n *yaml.Node) *Batch {
	if i, ok := d.int(n); ok && i >= 1 {
		return &Batch{Size: i}
	}
	if d.text(n) == "auto" {
		return &Batch{Auto: true}
	}
	return nil
}
