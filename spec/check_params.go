package spec

import "go.yaml.in/yaml/v3"

// checkParams checks parameter defaults: their expressions may read other
// params and env but no task, and a literal default must fit a declared type.
func (c *checker) checkParams() {
	for _, p := range c.f.Params {
		if p.Default.IsZero() {
			continue
		}
		c.checkValue(p.Default, scope{where: "params"})
		n := p.Default.Node
		if p.Type == "" || (n.Kind == yaml.ScalarNode && HasExpr(n.Value)) {
			continue
		}
		if !literalFits(p.Type, n) {
			c.ds.Errorf(p.Default.Range, "change the default or the type", "default of param %q is %s, but its type is %s", p.Name, kindName(n), p.Type)
		}
	}
}

// literalFits reports whether a literal YAML value has the param type t.
func literalFits(t string, n *yaml.Node) bool {
	switch t {
	case "list":
		return n.Kind == yaml.SequenceNode
	case "map":
		return n.Kind == yaml.MappingNode
	}
	if n.Kind != yaml.ScalarNode {
		return false
	}
	tag := n.ShortTag()
	switch t {
	case "int":
		return tag == "!!int"
	case "float", "number":
		return tag == "!!int" || tag == "!!float"
	case "bool":
		return tag == "!!bool"
	case "string":
		return tag == "!!str"
	}
	return true
}
