package builtins

import (
	"context"
	"sync"

	"github.com/expr-lang/expr"
	"github.com/expr-lang/expr/vm"
)

// opExpr evaluates an expr-lang expression at run time: the compiler makes
// one for every `${{ }}` that reads task results and is more than a plain
// reference. It is not marked pure because an expression may call rand();
// the compiler judges purity per expression.
//
// On Dask the Python twin receives TranslateExpr(expr), not the expr-lang
// source: the translation happens (and fails) at compile time.
func opExpr() *Op {
	return &Op{
		Name: "expr",
		Doc:  "The value of an expr-lang expression over vars (see ExprOptions for the functions it may call).",
		Params: []Param{
			required("expr", String, `the expression, e.g. "x * 2 + 1"`),
			optional("vars", Map, map[string]any{}, "the variables the expression reads"),
		},
		Result: Any,
		Go:     evalExpr,
		Examples: []Example{
			ex(int64(7), "expr", "x * 2 + 1", "vars", map[string]any{"x": int64(3)}),
			ex(3.5, "expr", "x / 2", "vars", map[string]any{"x": int64(7)}),
			ex([]any{int64(0), int64(2), int64(4)}, "expr", "map(range(n), # * 2)", "vars", map[string]any{"n": int64(3)}),
			ex("a-b", "expr", `join(split(s, ","), "-")`, "vars", map[string]any{"s": "a,b"}),
			ex(int64(2), "expr", "-7 % 3"),
		},
	}
}

// programs caches compiled expressions by source: a mapped expression task
// runs the same source once per element.
var programs sync.Map // string -> *vm.Program

// CompileExpr compiles src with ExprOptions, once per distinct source.
func CompileExpr(src string) (*vm.Program, error) {
	if p, ok := programs.Load(src); ok {
		return p.(*vm.Program), nil
	}
	p, err := expr.Compile(src, ExprOptions()...)
	if err != nil {
		return nil, err
	}
	programs.Store(src, p)
	return p, nil
}

func evalExpr(_ context.Context, args []any) (any, error) {
	src, err := stringArg("expr", args[0])
	if err != nil {
		return nil, err
	}
	vars, err := mapArg("vars", args[1])
	if err != nil {
		return nil, err
	}
	p, err := CompileExpr(src)
	if err != nil {
		return nil, err
	}
	out, err := expr.Run(p, vars)
	if err != nil {
		return nil, err
	}
	return Normalize(out)
}
