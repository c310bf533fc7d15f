package spec

import "go.yaml.in/yaml/v3"

// maxExpandedNodes bounds how many values a file may stand for once its YAML
// aliases are expanded, so a "billion laughs" file fails fast instead of
// exhausting memory in later passes.
const maxExpandedNodes = 100_000

// resolveAliases replaces every alias (*name) in the tree under root with the
// node its anchor marks, so later passes never meet an AliasNode. The anchored
// node is shared, not copied: positions keep pointing where it is written.
// Aliases that contain themselves become null and are reported, as are
// expansions past maxExpandedNodes and YAML merge keys (<<), which flowspec
// does not support. ok is false when the tree is too large to process further.
func resolveAliases(file string, root *yaml.Node) (ds Diagnostics, ok bool) {
	r := aliasResolver{file: file, active: map[*yaml.Node]bool{}, size: map[*yaml.Node]int{}}
	total := r.resolve(root)
	if total > maxExpandedNodes {
		r.ds.Errorf(RangeOf(file, root), "use fewer nested aliases, or write the values out", "YAML aliases expand this file to more than %d values", maxExpandedNodes)
		return r.ds, false
	}
	return r.ds, true
}

type aliasResolver struct {
	file   string
	active map[*yaml.Node]bool // nodes being resolved, to find self-containing aliases
	size   map[*yaml.Node]int  // expanded size of each resolved node
	ds     Diagnostics
}

// resolve rewrites n's children in place and returns n's expanded size.
func (r *aliasResolver) resolve(n *yaml.Node) int {
	if s, done := r.size[n]; done {
		return s
	}
	r.active[n] = true
	total := 1
	for i, c := range n.Content {
		if c.Kind == yaml.AliasNode && n.Kind == yaml.MappingNode && i%2 == 0 {
			c = r.aliasKey(c)
			n.Content[i] = c
		} else if c.Kind == yaml.AliasNode {
			c = r.follow(c)
			n.Content[i] = c
		}
		if n.Kind == yaml.MappingNode && i%2 == 0 && c.Kind == yaml.ScalarNode && c.Tag == "!!merge" {
			r.ds.Errorf(RangeOf(r.file, c), "repeat the keys, or use defaults: for options shared by tasks", "YAML merge keys (<<) are not supported")
		}
		if total += r.resolve(c); total > maxExpandedNodes {
			total = maxExpandedNodes + 1
			break
		}
	}
	delete(r.active, n)
	r.size[n] = total
	return total
}

// follow returns the node alias a stands for, or a null node when the alias
// is part of its own anchor's value.
func (r *aliasResolver) follow(a *yaml.Node) *yaml.Node {
	t := a.Alias
	for t != nil && t.Kind == yaml.AliasNode {
		t = t.Alias
	}
	if t == nil || r.active[t] {
		r.ds.Errorf(RangeOf(r.file, a), "an anchor cannot be used inside its own value", "alias *%s refers to the value that contains it", a.Value)
		return &yaml.Node{Kind: yaml.ScalarNode, Tag: "!!null", Line: a.Line, Column: a.Column}
	}
	return t
}

// aliasKeyStyle marks a key aliasKey stood in for an alias (no scalar YAML
// reads has both styles), so messages about the key leave out hints that
// assume it was typed.
const aliasKeyStyle = yaml.TaggedStyle | yaml.FlowStyle

// aliasKey reports an alias used as a mapping key (flowspec's keys are
// names, written out) and stands a copy of its value there, placed where
// the alias is, so later messages about the key point at this line rather
// than at the anchor.
func (r *aliasResolver) aliasKey(a *yaml.Node) *yaml.Node {
	r.ds.Errorf(RangeOf(r.file, a), "write the key out instead of *"+a.Value,
		"a YAML alias (*%s) cannot be used as a key", a.Value)
	target := r.follow(a)
	key := *target
	key.Line, key.Column, key.Anchor, key.Style = a.Line, a.Column, "", aliasKeyStyle
	if key.Kind != yaml.ScalarNode {
		key = yaml.Node{Kind: yaml.ScalarNode, Tag: "!!null", Line: a.Line, Column: a.Column}
	}
	return &key
}
