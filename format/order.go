package format

import (
	"slices"

	"github.com/flowspec/flowspec/spec"
	"go.yaml.in/yaml/v3"
)

// layout rewrites n in place: mapping keys in the order of f, the field
// table entry that describes n (nil: a value the table does not describe,
// whose keys keep their order), and scalars spelled canonically.
func layout(n *yaml.Node, f *spec.Field) {
	switch n.Kind {
	case yaml.DocumentNode:
		for _, c := range n.Content {
			first := firstKey(c)
			layout(c, spec.FieldTable())
			keepHeader(first, firstKey(c))
		}
	case yaml.MappingNode:
		f = mappingField(f, n)
		if f != nil {
			sortPairs(n, f.Names())
		}
		for i := 0; i+1 < len(n.Content); i += 2 {
			spellNull(n.Content[i+1], isBlock(n))
			scalar(n.Content[i], false)
			layout(n.Content[i+1], valueField(f, n.Content[i].Value))
			sinkFoot(n.Content[i], n.Content[i+1])
		}
	case yaml.SequenceNode:
		items := itemField(f)
		for _, c := range n.Content {
			spellNull(c, false)
			layout(c, items)
			sinkFoot(c, c)
		}
	case yaml.ScalarNode:
		scalar(n, true)
	}
}

// resolve follows a field's Ref to the definition that describes it.
func resolve(f *spec.Field) *spec.Field {
	for f != nil && f.Ref != nil {
		f = f.Ref
	}
	return f
}

// mappingField is the entry describing mapping n: f itself, or among f's
// alternatives (a schedule is one clock or clocks with policies) the one
// that names most of n's keys.
func mappingField(f *spec.Field, n *yaml.Node) *spec.Field {
	f = resolve(f)
	if f == nil || len(f.AnyOf) == 0 {
		return f
	}
	best, score := f, -1
	for _, alt := range f.AnyOf {
		alt = resolve(alt)
		if s := known(alt, n); s > score && len(alt.Names()) > 0 {
			best, score = alt, s
		}
	}
	return best
}

// known counts the keys of mapping n that f names.
func known(f *spec.Field, n *yaml.Node) int {
	count := 0
	for i := 0; i < len(n.Content); i += 2 {
		if f.Child(n.Content[i].Value) != nil {
			count++
		}
	}
	return count
}

// valueField is the entry describing the value under key in mapping f: a
// named child, or the value of a mapping with free keys (tasks, params).
func valueField(f *spec.Field, key string) *spec.Field {
	if f == nil {
		return nil
	}
	if c := f.Child(key); c != nil {
		return c
	}
	return f.Values
}

// itemField is the entry describing the items of a list field.
func itemField(f *spec.Field) *spec.Field {
	f = resolve(f)
	if f == nil {
		return nil
	}
	if f.Items != nil {
		return f.Items
	}
	for _, alt := range f.AnyOf {
		if alt = resolve(alt); alt.Items != nil {
			return alt.Items
		}
	}
	return nil
}

// sortPairs puts the pairs of mapping n in the order of names; keys the
// table does not name (free keys, or mistakes validate reports) keep their
// order after the named ones. A foot comment closing the mapping stays at
// its end.
func sortPairs(n *yaml.Node, names []string) {
	if len(names) == 0 || len(n.Content) < 4 {
		return
	}
	type pair struct{ k, v *yaml.Node }
	pairs := make([]pair, 0, len(n.Content)/2)
	for i := 0; i+1 < len(n.Content); i += 2 {
		pairs = append(pairs, pair{n.Content[i], n.Content[i+1]})
	}
	last := pairs[len(pairs)-1].k
	rank := func(p pair) int {
		if i := slices.Index(names, p.k.Value); i >= 0 {
			return i
		}
		return len(names)
	}
	slices.SortStableFunc(pairs, func(a, b pair) int { return rank(a) - rank(b) })
	if end := pairs[len(pairs)-1].k; end != last && last.FootComment != "" {
		end.FootComment, last.FootComment = joinComments(end.FootComment, last.FootComment), ""
	}
	for i, p := range pairs {
		n.Content[2*i], n.Content[2*i+1] = p.k, p.v
	}
}

// joinComments puts two comment blocks one after the other.
func joinComments(a, b string) string {
	if a == "" {
		return b
	}
	return a + "\n" + b
}

// sinkFoot moves the foot comment of holder (a key, or a list item) whose
// value is a block mapping or list down to that block's last entry: the
// parser gives a comment that follows a nested block to its deepest last
// entry, so a second fmt finds the comment where the first one left it.
func sinkFoot(holder, value *yaml.Node) {
	for holder.FootComment != "" && isBlock(value) && len(value.Content) > 0 {
		next, nextValue := value.Content[len(value.Content)-1], value.Content[len(value.Content)-1]
		if value.Kind == yaml.MappingNode {
			next = value.Content[len(value.Content)-2]
		}
		next.FootComment, holder.FootComment = joinComments(next.FootComment, holder.FootComment), ""
		holder, value = next, nextValue
	}
}

// isBlock reports a mapping or list written in block style.
func isBlock(n *yaml.Node) bool {
	return (n.Kind == yaml.MappingNode || n.Kind == yaml.SequenceNode) && n.Style&yaml.FlowStyle == 0
}

// firstKey is the first key of a mapping, or nil.
func firstKey(n *yaml.Node) *yaml.Node {
	if n.Kind != yaml.MappingNode || len(n.Content) == 0 {
		return nil
	}
	return n.Content[0]
}

// keepHeader leaves the comment at the top of a file at the top when the
// key it sat on moves down: it is the file's header, not that key's.
func keepHeader(was, now *yaml.Node) {
	if was != nil && now != was && was.HeadComment != "" {
		now.HeadComment, was.HeadComment = joinComments(was.HeadComment, now.HeadComment), ""
	}
}
