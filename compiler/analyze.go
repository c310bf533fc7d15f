package compiler

import (
	"github.com/expr-lang/expr/ast"
	"github.com/expr-lang/expr/parser"
	"github.com/expr-lang/expr/vm"
)

// exprInfo is what the compiler needs to know about one ${{ }} expression
// before evaluating it: which tasks it reads, and whether its value can differ
// between the elements of a mapped task.
type exprInfo struct {
	src   string
	tree  *parser.Tree
	tasks []string // task names read as tasks.NAME, in first-use order
	// plainRef is set when the whole expression is exactly tasks.NAME: an edge,
	// not a computation, so no expression task is needed.
	plainRef string
	// offset is where src starts in its YAML string, for error columns.
	offset int
	prog   *vm.Program // compiled once, run per element
	index  bool        // reads `index`
	random bool        // calls rand(): drawn anew for every element
}

// static reports whether the expression can be evaluated at compile time.
func (e *exprInfo) static() bool { return len(e.tasks) == 0 }

// perElement reports whether a static expression must be evaluated once per
// element of a mapped task rather than once per task.
func (e *exprInfo) perElement() bool { return e.index || e.random }

// analyze parses src and collects its references.
func analyze(src string) (*exprInfo, error) {
	tree, err := parser.Parse(src)
	if err != nil {
		return nil, err
	}
	info := &exprInfo{src: src, tree: tree}
	v := &refVisitor{info: info, seen: map[string]bool{}}
	ast.Walk(&tree.Node, v)
	if len(info.tasks) == 1 {
		if name, ok := taskMember(tree.Node); ok {
			info.plainRef = name
		}
	}
	return info, nil
}

// refVisitor records tasks.NAME reads and uses of index and rand().
type refVisitor struct {
	info *exprInfo
	seen map[string]bool
}

func (v *refVisitor) Visit(n *ast.Node) {
	switch node := (*n).(type) {
	case *ast.MemberNode:
		if name, ok := taskMember(node); ok && !v.seen[name] {
			v.seen[name] = true
			v.info.tasks = append(v.info.tasks, name)
		}
	case *ast.IdentifierNode:
		if node.Value == "index" {
			v.info.index = true
		}
	case *ast.CallNode:
		if id, ok := node.Callee.(*ast.IdentifierNode); ok && id.Value == "rand" {
			v.info.random = true
		}
	}
}

// taskMember matches tasks.NAME (and tasks["NAME"]) and returns NAME.
func taskMember(n ast.Node) (string, bool) {
	m, ok := n.(*ast.MemberNode)
	if !ok {
		return "", false
	}
	root, ok := m.Node.(*ast.IdentifierNode)
	if !ok || root.Value != "tasks" {
		return "", false
	}
	prop, ok := m.Property.(*ast.StringNode)
	if !ok {
		return "", false
	}
	return prop.Value, true
}
