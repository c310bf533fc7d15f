package spec

import (
	"math"
	"strconv"

	"go.yaml.in/yaml/v3"
)

// decoder turns a schema-checked tree into a Flow. It is tolerant: a node of
// the wrong kind was already reported by the schema, so it is skipped here
// without a second message. It reports only what the schema cannot see
// (bad durations, executor addresses, the version number).
type decoder struct {
	file string
	ds   Diagnostics
}

// SupportedVersion is the flowspec language version this package reads.
const SupportedVersion = 1

// flow decodes the document's root mapping, field by field as flowFields
// declares them.
func (d *decoder) flow(root *yaml.Node, src []byte) *Flow {
	f := &Flow{File: d.file, Source: src, Range: RangeOf(d.file, root), Root: root}
	flowFields.decodeMapping(d, root, f)
	return f
}

// version reads `version:` and rejects any but the one this build reads.
func (d *decoder) version(n *yaml.Node) int {
	v, ok := d.int(n)
	if ok && v != SupportedVersion {
		d.ds.Errorf(RangeOf(d.file, n), "write version: 1, or use the flowspec release that reads this version",
			"unsupported version %d: this flowspec reads version %d", v, SupportedVersion)
	}
	return v
}

// schedule hands the block to DecodeSchedule, which owns its forms and errors.
func (d *decoder) schedule(n *yaml.Node) *Schedule {
	s, ds := DecodeSchedule(d.file, n)
	d.ds = append(d.ds, ds...)
	return s
}

// tasks decodes `tasks:` in file order.
func (d *decoder) tasks(n *yaml.Node) []*Task {
	var out []*Task
	for _, p := range pairs(n) {
		out = append(out, d.task(p.Key, p.Value))
	}
	return out
}

// outputs decodes `outputs:` in file order.
func (d *decoder) outputs(n *yaml.Node) []Output {
	var out []Output
	for _, p := range pairs(n) {
		out = append(out, Output{Name: keyString(p.Key), Value: ValueOf(d.file, p.Value), Range: RangeOf(d.file, p.Key)})
	}
	return out
}

// text returns a scalar's text ("" for other kinds and null).
func (d *decoder) text(n *yaml.Node) string {
	if n.Kind != yaml.ScalarNode || isNull(n) {
		return ""
	}
	return n.Value
}

// int returns an integer scalar's value. A float with no fraction (3.0,
// 1e3) is the integer the schema accepted it as, not an unset field.
func (d *decoder) int(n *yaml.Node) (int, bool) {
	if f, ok := d.float(n); ok && n.ShortTag() == "!!float" {
		return int(f), f == math.Trunc(f) && math.Abs(f) <= 1<<53
	}
	if n.Kind != yaml.ScalarNode || n.ShortTag() != "!!int" {
		return 0, false
	}
	var v int
	if n.Decode(&v) != nil {
		return 0, false
	}
	return v, true
}

// float returns a numeric scalar's value.
func (d *decoder) float(n *yaml.Node) (float64, bool) {
	if n.Kind != yaml.ScalarNode || (n.ShortTag() != "!!int" && n.ShortTag() != "!!float") {
		return 0, false
	}
	f, err := strconv.ParseFloat(n.Value, 64)
	if err != nil {
		var v float64
		if n.Decode(&v) != nil {
			return 0, false
		}
		f = v
	}
	return f, true
}

// bool returns a boolean scalar's value.
func (d *decoder) bool(n *yaml.Node) (bool, bool) {
	if n.Kind != yaml.ScalarNode || n.ShortTag() != "!!bool" {
		return false, false
	}
	var v bool
	return v, n.Decode(&v) == nil
}

// names reads a name or a list of names (after:, workers:).
func (d *decoder) names(n *yaml.Node) []*yaml.Node {
	switch {
	case n.Kind == yaml.ScalarNode && n.ShortTag() == "!!str":
		return []*yaml.Node{n}
	case n.Kind == yaml.SequenceNode:
		var out []*yaml.Node
		for _, c := range n.Content {
			if c.Kind == yaml.ScalarNode && c.ShortTag() == "!!str" {
				out = append(out, c)
			}
		}
		return out
	}
	return nil
}
