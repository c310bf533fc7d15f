package spec

import (
	"strings"

	"go.yaml.in/yaml/v3"
)

// didYouMeanField is didYouMean for an unknown field of f written with
// value v. It ranks by the field's kind as well as by spelling: among the
// names close to the one written (didYouMean's limit, or sharing its first
// four letters within three edits, as "retry" and "retries" do, or begun
// by it), a field whose kinds hold v exactly (an integer for an integer
// field) comes before one that only accepts it (an integer for a
// duration), which comes before one that refuses it; then the closest
// spelling. So `retry: 2` suggests retries, and `retry: 30s` retry_delay.
func didYouMeanField(name string, v *yaml.Node, f *Field) string {
	limit := min(max(len(name)/3, 1), 3)
	best, bestFit, bestDist := "", -1, 0
	lname := strings.ToLower(name)
	for _, c := range f.names() {
		lc := strings.ToLower(c)
		d := editDistance(lname, lc)
		close := d <= limit || (d <= 3 && commonPrefix(lname, lc) >= 4) || (len(name) >= 3 && strings.HasPrefix(lc, lname))
		if !close {
			continue
		}
		fit := 0
		if child, _ := f.child(c); child != nil {
			fit = kindFit(v, fieldKinds(child))
		}
		if fit > bestFit || (fit == bestFit && d < bestDist) {
			best, bestFit, bestDist = c, fit, d
		}
	}
	return best
}

// fieldKinds returns the kinds f accepts, through its definition.
func fieldKinds(f *Field) []Kind {
	if len(f.Kinds) == 0 && f.Ref != nil {
		return f.Ref.Kinds
	}
	return f.Kinds
}

// kindFit says how well value v suits kinds: 2 exactly (or any kind is
// accepted), 1 through a wider kind (an integer as a number), 0 not at all.
func kindFit(v *yaml.Node, kinds []Kind) int {
	if v == nil || len(kinds) == 0 {
		return 2
	}
	k := nodeKind(v)
	fit := 0
	for _, want := range kinds {
		switch {
		case want == k:
			return 2
		case want == KindNumber && k == KindInt:
			fit = 1
		}
	}
	return fit
}

// nodeKind is the Kind of a YAML value as its tag resolves it.
func nodeKind(n *yaml.Node) Kind {
	switch n.Kind {
	case yaml.SequenceNode:
		return KindList
	case yaml.MappingNode:
		return KindMapping
	}
	switch n.ShortTag() {
	case "!!int":
		return KindInt
	case "!!float":
		return KindNumber
	case "!!bool":
		return KindBool
	case "!!null":
		return KindNull
	}
	return KindString
}

// commonPrefix counts the leading bytes a and b share.
func commonPrefix(a, b string) int {
	n := 0
	for n < len(a) && n < len(b) && a[n] == b[n] {
		n++
	}
	return n
}
