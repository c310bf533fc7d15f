package spec

import "go.yaml.in/yaml/v3"

// checkMapLiterals reports map: values written as a literal that is not a
// list (a number, a mapping, a string without a lone ${{ }}). Values computed
// by expressions are checked by the compiler once known.
func (c *checker) checkMapLiterals(t *Task) {
	for _, a := range t.Map {
		n := a.Value.Node
		if n == nil || n.Kind == yaml.SequenceNode || isSoleExpr(n) {
			continue
		}
		c.ds.Errorf(a.Value.Range, "write a list ([1, 2, 3]) or an expression that makes one (${{ range(10) }}); to pass one value to every element, move it to with:",
			"map argument %q of task %q must be a list, got %s", a.Name, t.Name, kindName(n))
	}
}

// isSoleExpr reports whether n is a string that is exactly one ${{ }}
// expression, whose type is only known once evaluated. A malformed template
// counts as one, since checkValue reports it.
func isSoleExpr(n *yaml.Node) bool {
	if n.Kind != yaml.ScalarNode || n.ShortTag() != "!!str" || !HasExpr(n.Value) {
		return false
	}
	segs, err := ParseTemplate(n.Value)
	return err != nil || len(segs) == 1 && segs[0].Expr
}
