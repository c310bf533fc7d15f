package spec

import "go.yaml.in/yaml/v3"

// task decodes one entry of `tasks:` as taskDef declares it; the execution
// options among its fields decode into its Options.
func (d *decoder) task(key, n *yaml.Node) *Task {
	t := &Task{Name: keyString(key), Range: RangeOf(d.file, key)}
	taskDef.decodeMapping(d, n, t)
	return t
}

// args decodes `with:` or `map:` in file order.
func (d *decoder) args(n *yaml.Node) []Arg {
	var out []Arg
	for _, p := range pairs(n) {
		out = append(out, Arg{Name: keyString(p.Key), NameRange: RangeOf(d.file, p.Key), Value: ValueOf(d.file, p.Value)})
	}
	return out
}
