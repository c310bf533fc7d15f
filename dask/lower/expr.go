package lower

import (
	"fmt"

	"github.com/flowspec/flowspec/compiler"
	"github.com/flowspec/flowspec/operator"
	"github.com/flowspec/flowspec/spec"
	"github.com/flowspec/flowspec/value"
)

// exprOp is the operator whose first argument is an expr-lang source. Its
// Python twin evaluates Python, so the lowering sends
// TranslateExpr(source) instead, translated here so that syntax
// without a Python counterpart fails before anything is submitted.
const exprOp = "expr"

// translateExprs translates the source of every expr task of g, once per
// distinct source. Problems name the task's position.
func translateExprs(g *compiler.Graph, ops []*operator.Op) (map[string]string, spec.Diagnostics) {
	out := map[string]string{}
	var errs spec.Diagnostics
	for gi, gr := range g.Groups {
		if ops[gi] == nil || ops[gi].Name != exprOp {
			continue
		}
		for i := gr.First; i < gr.First+gr.Size && len(errs) < maxProblems; i++ {
			if err := translateTask(&g.Tasks[i], out); err != nil {
				errs = append(errs, problem(gr, g.Key(i).String(), err.Error()))
			}
		}
	}
	return out, errs
}

func translateTask(t *compiler.Task, out map[string]string) error {
	if len(t.Args) == 0 || t.Args[0].Kind != compiler.Const {
		return fmt.Errorf("the expression must be known before the run to run on Dask")
	}
	src, ok := t.Args[0].Value.(string)
	if !ok {
		return fmt.Errorf("the expression is a %s, not a string", value.TypeOf(t.Args[0].Value))
	}
	if _, done := out[src]; done {
		return nil
	}
	py, err := TranslateExpr(src)
	if err != nil {
		return fmt.Errorf("expression %q cannot run on Dask: %v (or run this flow with --executor local)", src, err)
	}
	out[src] = py
	return nil
}
