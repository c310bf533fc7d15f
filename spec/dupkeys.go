package spec

import (
	"fmt"

	"go.yaml.in/yaml/v3"
)

// checkDuplicateKeys reports every mapping key written twice. yaml.v3 keeps
// both in a Node tree without complaint, and a silently dropped "inc:" task is
// the kind of mistake a validator exists for. Later passes use the first
// occurrence (see pairs).
func checkDuplicateKeys(file string, n *yaml.Node, seen map[*yaml.Node]bool) Diagnostics {
	if seen[n] {
		return nil // a node shared through an alias is checked once
	}
	seen[n] = true
	var ds Diagnostics
	if n.Kind == yaml.MappingNode {
		first := map[string]*yaml.Node{}
		for i := 0; i+1 < len(n.Content); i += 2 {
			k := n.Content[i]
			if k.Kind != yaml.ScalarNode {
				continue
			}
			if f, dup := first[k.Value]; dup {
				ds.Errorf(RangeOf(file, k), "remove one of them, or rename this one",
					"duplicate key %q (first defined at %d:%d)", k.Value, f.Line, f.Column)
				continue
			}
			first[k.Value] = k
		}
	}
	for _, c := range n.Content {
		ds = append(ds, checkDuplicateKeys(file, c, seen)...)
	}
	return ds
}

// pair is one key and its value in a mapping node.
type pair struct {
	Key, Value *yaml.Node
}

// pairs lists a mapping's entries in file order, keeping the first of any
// duplicated key (checkDuplicateKeys reports the rest). It returns nil for a
// node that is not a mapping.
func pairs(n *yaml.Node) []pair {
	if n == nil || n.Kind != yaml.MappingNode {
		return nil
	}
	seen := map[string]bool{}
	out := make([]pair, 0, len(n.Content)/2)
	for i := 0; i+1 < len(n.Content); i += 2 {
		k := n.Content[i]
		name := keyString(k)
		if seen[name] {
			continue
		}
		seen[name] = true
		out = append(out, pair{k, n.Content[i+1]})
	}
	return out
}

// keyString names a mapping key: its text for a scalar, a short rendering for
// the rare complex key.
func keyString(k *yaml.Node) string {
	if k.Kind == yaml.ScalarNode {
		return k.Value
	}
	return fmt.Sprintf("<%s at %d:%d>", kindName(k), k.Line, k.Column)
}
