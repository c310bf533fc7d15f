package spec

import (
	"go.yaml.in/yaml/v3"
)

// duration reads a duration option. Numbers below zero or past MaxDuration and values of the
// wrong kind were reported by the schema; malformed text is reported here.
func (d *decoder) duration(n *yaml.Node) *Duration {
	if n.Kind != yaml.ScalarNode {
		return nil
	}
	switch n.ShortTag() {
	case "!!int", "!!float":
		if f, ok := d.float(n); !ok || f < 0 || f > MaxDuration.Seconds() {
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
