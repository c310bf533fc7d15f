package spec

import "go.yaml.in/yaml/v3"

// params decodes `params:`. An entry is a bare default (n: 100), nothing for a
// required parameter (n:), or the long form {type, default, description}; a
// mapping is always the long form, so a mapping default is written
// {default: {...}} and a misspelt long-form key cannot pass as a default.
func (d *decoder) params(n *yaml.Node) []Param {
	var out []Param
	for _, p := range pairs(n) {
		prm := Param{Name: keyString(p.Key), Range: RangeOf(d.file, p.Key)}
		switch v := p.Value; {
		case v.Kind == yaml.MappingNode:
			paramDef.decodeMapping(d, v, &prm)
		case !isNull(v):
			prm.Default = ValueOf(d.file, v)
		}
		out = append(out, prm)
	}
	return out
}

// env decodes `env:`: a list of names (each required) or a mapping from name
// to default (null: required).
func (d *decoder) env(n *yaml.Node) []EnvVar {
	var out []EnvVar
	switch n.Kind {
	case yaml.SequenceNode:
		for _, c := range n.Content {
			if c.Kind == yaml.ScalarNode {
				out = append(out, EnvVar{Name: c.Value, Range: RangeOf(d.file, c)})
			}
		}
	case yaml.MappingNode:
		for _, p := range pairs(n) {
			ev := EnvVar{Name: keyString(p.Key), Range: RangeOf(d.file, p.Key)}
			if !isNull(p.Value) {
				ev.Default = ValueOf(d.file, p.Value)
			}
			out = append(out, ev)
		}
	}
	return out
}

// plugins reads plugins: (name → executable); the schema has checked the
// names and that each path is a non-empty string.
func (d *decoder) plugins(n *yaml.Node) []Plugin {
	var out []Plugin
	for _, p := range pairs(n) {
		if p.Value.Kind == yaml.ScalarNode && p.Value.Value != "" {
			out = append(out, Plugin{Name: keyString(p.Key), Path: p.Value.Value, Range: RangeOf(d.file, p.Key)})
		}
	}
	return out
}
