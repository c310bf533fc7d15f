package spec

import "go.yaml.in/yaml/v3"

// task decodes one entry of `tasks:`; fields that are not the task's own are
// execution options (see option).
func (d *decoder) task(key, n *yaml.Node) *Task {
	t := &Task{Name: keyString(key), Range: RangeOf(d.file, key)}
	for _, p := range pairs(n) {
		switch p.Key.Value {
		case "op":
			t.Op, t.OpRange = d.text(p.Value), RangeOf(d.file, p.Value)
		case "with":
			t.With = d.args(p.Value)
		case "map":
			t.Map = d.args(p.Value)
		case "product":
			t.Product, _ = d.bool(p.Value)
		case "flatten":
			t.Flatten, _ = d.bool(p.Value)
		case "after":
			for _, s := range d.names(p.Value) {
				t.After = append(t.After, Ref{Name: s.Value, Range: RangeOf(d.file, s)})
			}
		case "when":
			t.When = ValueOf(d.file, p.Value)
		default:
			d.option(&t.Options, p)
		}
	}
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
